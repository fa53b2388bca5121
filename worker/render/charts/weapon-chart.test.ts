import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { weaponChart } from './weapon-chart.ts';

describe('weapon chart', () => {
  it('computes accuracy from hits and shots and headshot share from hits', () => {
    const texts = textsOf(
      weaponChart({
        title: 'Weapons',
        rows: [{ label: 'MP40', kills: 10, deaths: 4, hits: 30, shots: 120, headshots: 3 }],
      }).tree,
    );
    expect(texts).toEqual(expect.arrayContaining(['MP40', '10', '4', '25.0%', '10.0%']));
  });

  it('shows "–" for a weapon never fired and orders by kills', () => {
    const texts = textsOf(
      weaponChart({
        title: 'MP40',
        labelHeading: 'Player',
        rows: [
          { label: 'idle', kills: 0, deaths: 0, hits: 0, shots: 0, headshots: 0 },
          { label: '^1ace', kills: 5, deaths: 0, hits: 5, shots: 10, headshots: 5 },
        ],
      }).tree,
    );
    expect(texts.indexOf('ace')).toBeLessThan(texts.indexOf('idle'));
    expect(texts.filter((t) => t === '–')).toHaveLength(2);
    expect(texts).toContain('Player');
  });
});
