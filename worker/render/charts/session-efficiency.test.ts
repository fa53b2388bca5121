import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { sessionEfficiencyChart } from './session-efficiency.ts';

describe('session combat efficiency panel', () => {
  it('computes damage ratio and bullets per kill', () => {
    const texts = textsOf(
      sessionEfficiencyChart({
        players: [
          { name: 'a', damageGiven: 3000, damageReceived: 2000, bulletsFired: 900, kills: 30 },
        ],
      }).tree,
    );
    expect(texts).toEqual(expect.arrayContaining(['1.50', '30.0', '900']));
  });

  it('says the last column is bullets per kill and that lower is better', () => {
    const texts = textsOf(
      sessionEfficiencyChart({
        players: [{ name: 'a', damageGiven: 10, damageReceived: 5, bulletsFired: 9, kills: 3 }],
      }).tree,
    );
    expect(texts).toContain('Per kill ↓');
    expect(texts).toContain('Per kill: bullets per kill (lower is better)');
  });

  it('shows "–" rather than 0 or infinity for a ratio that does not exist', () => {
    const texts = textsOf(
      sessionEfficiencyChart({
        players: [
          { name: 'untouched', damageGiven: 500, damageReceived: 0, bulletsFired: 120, kills: 0 },
        ],
      }).tree,
    );
    expect(texts.filter((t) => t === '–')).toHaveLength(2);
    expect(texts).not.toContain('Infinity');
  });

  it('orders by damage given and keeps 10', () => {
    const players = Array.from({ length: 12 }, (_, i) => ({
      name: `p${i}`,
      damageGiven: i * 100,
      damageReceived: 100,
      bulletsFired: 10,
      kills: 1,
    }));
    const texts = textsOf(sessionEfficiencyChart({ players }).tree);
    expect(texts.indexOf('p11')).toBeLessThan(texts.indexOf('p10'));
    expect(texts).not.toContain('p1');
    expect(texts).toContain(
      'Per kill: bullets per kill (lower is better) · +2 more players not shown',
    );
  });
});
