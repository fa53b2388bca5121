import { describe, expect, it } from 'vitest';
import { elementsOfType, textsOf } from '../element.ts';
import { type ComparePlayer, compareRadarChart } from './compare-radar.ts';

const a: ComparePlayer = {
  name: 'alpha',
  kd: 1.62,
  accuracyPct: 29.2,
  dpm: 196.6,
  headshotPct: 11.3,
  rounds: 83,
};
const b: ComparePlayer = {
  name: '^2bravo',
  kd: 2.01,
  accuracyPct: 31.8,
  dpm: 254.7,
  headshotPct: 10.4,
  rounds: 82,
};

describe('compare radar', () => {
  it('labels every axis with its real range, from 0 to a round number above the best value', () => {
    const texts = textsOf(compareRadarChart({ players: [a, b] }).tree);
    expect(texts).toEqual(
      expect.arrayContaining([
        'K/D',
        '0 – 2.5',
        'Accuracy',
        '0% – 40%',
        'DPM',
        '0 – 300',
        'Headshot %',
        '0% – 12%',
        'Rounds',
        '0 – 100',
      ]),
    );
  });

  it('uses the scales it is given and prints the exact figures', () => {
    const chart = compareRadarChart({ players: [a, b], scales: { dpm: { min: 100, max: 300 } } });
    const texts = textsOf(chart.tree);
    expect(texts).toContain('100 – 300');
    expect(texts).toEqual(
      expect.arrayContaining(['alpha', 'bravo', '1.62', '254.7', '31.8%', '83']),
    );
    expect(
      elementsOfType(chart.tree, 'polygon').filter((p) => p.props['fillOpacity'] !== undefined),
    ).toHaveLength(2);
  });

  it('draws at most 4 players and says how many it left out', () => {
    const texts = textsOf(compareRadarChart({ players: [a, b, a, b, a, b] }).tree);
    expect(texts).toContain('+2 more players not shown');
    expect(textsOf(compareRadarChart({ players: [] }).tree)).toContain('No players to compare');
  });

  it('rejects a scale whose maximum is not above its minimum', () => {
    expect(() => compareRadarChart({ players: [a], scales: { kd: { min: 2, max: 2 } } })).toThrow(
      /K\/D/,
    );
  });
});
