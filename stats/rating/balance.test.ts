import { describe, expect, it } from 'vitest';
import { fairestSplits, splitChance } from './balance.ts';

const player = (guid: string, mu: number, sigma2 = 0.1) => ({ guid, mu, sigma2 });

describe('balanced teams', () => {
  it('puts the two strongest apart and the result near 50%', () => {
    const players = [
      player('P1', 2),
      player('P2', 1.8),
      player('P3', 0),
      player('P4', 0),
      player('P5', -0.2),
      player('P6', 0.1),
    ];
    const [best, ...rest] = fairestSplits(players, 3);
    expect(best?.teamA.includes('P1')).not.toBe(best?.teamA.includes('P2'));
    expect(Math.abs((best?.chance ?? 0) - 0.5)).toBeLessThan(0.03);
    expect(rest).toHaveLength(2);
    for (const r of rest)
      expect(Math.abs(r.chance - 0.5)).toBeGreaterThanOrEqual(Math.abs((best?.chance ?? 0) - 0.5));
  });

  it('splits an odd count one apart, and counts every split once', () => {
    const five = ['A', 'B', 'C', 'D', 'E'].map((g, i) => player(g, i / 2));
    const all = fairestSplits(five, 100);
    expect(all).toHaveLength(10); // C(5,2) splits of 2 and 3, with A fixed on one side
    for (const s of all) expect(Math.abs(s.teamA.length - s.teamB.length)).toBe(1);
  });

  it('calls a stronger lineup the favourite, and equal lineups even', () => {
    expect(splitChance([player('A', 1)], [player('B', 0)])).toBeGreaterThan(0.6);
    expect(splitChance([player('A', 0)], [player('B', 0)])).toBeCloseTo(0.5, 10);
  });

  it('refuses more than 12 players', () => {
    const many = Array.from({ length: 13 }, (_, i) => player(`P${i}`, 0));
    expect(() => fairestSplits(many)).toThrow(/2 to 12 players/);
  });
});
