import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { mapChart } from './map-chart.ts';

describe('map chart', () => {
  it('splits each map into Axis, Allies and undecided rounds with counts and the average length', () => {
    const texts = textsOf(
      mapChart({
        maps: [{ map: 'supply', rounds: 10, axisWins: 5, alliesWins: 3, averageDurationS: 456 }],
      }).tree,
    );
    expect(texts).toEqual(
      expect.arrayContaining(['supply', '5', '3', '2', '10 rounds', 'avg 7:36']),
    );
  });

  it('shows the Undecided legend only when some shown round is undecided', () => {
    const decided = textsOf(
      mapChart({ maps: [{ map: 'supply', rounds: 4, axisWins: 3, alliesWins: 1 }] }).tree,
    );
    expect(decided).toEqual(expect.arrayContaining(['Axis won', 'Allies won']));
    expect(decided).not.toContain('Undecided');
    const undecided = textsOf(
      mapChart({ maps: [{ map: 'supply', rounds: 4, axisWins: 2, alliesWins: 1 }] }).tree,
    );
    expect(undecided).toContain('Undecided');
  });

  it('writes "1 round" and leaves out zero segments', () => {
    const texts = textsOf(
      mapChart({ maps: [{ map: 'radar', rounds: 1, axisWins: 1, alliesWins: 0 }] }).tree,
    );
    expect(texts).toContain('1 round');
    expect(texts).not.toContain('0');
  });

  it('refuses more wins than rounds', () => {
    expect(() =>
      mapChart({ maps: [{ map: 'radar', rounds: 2, axisWins: 2, alliesWins: 1 }] }),
    ).toThrow(/3 wins in 2 rounds/);
  });
});
