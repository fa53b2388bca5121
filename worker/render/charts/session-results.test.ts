import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { type SessionResultsInput, sessionResultsChart } from './session-results.ts';

const base: SessionResultsInput = {
  teams: [
    { name: 'Team A', players: ['^1alpha', 'bravo'] },
    { name: 'Team B', players: ['charlie'] },
  ],
  maps: [
    { map: 'supply', points: [2, 0], attackTimesS: [456, null] },
    { map: 'radar', points: [1, 1], attackTimesS: [600, 600] },
  ],
};

describe('session results card', () => {
  it('adds the map points into the final score unless one is given', () => {
    const texts = textsOf(sessionResultsChart(base).tree);
    expect(texts.slice(0, 12)).toEqual(expect.arrayContaining(['3', ':', '1']));
    expect(textsOf(sessionResultsChart({ ...base, score: [7, 5] }).tree)).toEqual(
      expect.arrayContaining(['7', '5']),
    );
  });

  it('writes attack times as m:ss and a dash for no time', () => {
    const texts = textsOf(sessionResultsChart(base).tree);
    expect(texts).toEqual(expect.arrayContaining(['7:36', '–', '10:00']));
  });

  it('lists both rosters with colour codes stripped, and copes with no maps', () => {
    const texts = textsOf(sessionResultsChart({ ...base, maps: [] }).tree);
    expect(texts).toEqual(
      expect.arrayContaining(['alpha', 'bravo', 'charlie', 'No complete maps in this session']),
    );
  });
});
