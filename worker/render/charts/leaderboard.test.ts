import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { leaderboardChart } from './leaderboard.ts';

describe('leaderboard card', () => {
  it('gives equal values the same rank and skips the ranks they used', () => {
    const rows = [300, 250, 250, 200].map((value, i) => ({ name: `p${i}`, value }));
    const texts = textsOf(leaderboardChart({ title: 'Top DPM', metric: 'DPM', rows }).tree);
    const ranks = ['p0', 'p1', 'p2', 'p3'].map((name) => texts[texts.indexOf(name) - 1]);
    expect(ranks).toEqual(['1', '2', '2', '4']);
  });

  it('prints the value text and detail columns it is given', () => {
    const texts = textsOf(
      leaderboardChart({
        title: 'Top K/D',
        metric: 'K/D',
        detailColumns: ['Rounds'],
        rows: [{ name: 'a', value: 1.5, valueText: '1.50', details: ['48'] }],
      }).tree,
    );
    expect(texts).toEqual(expect.arrayContaining(['K/D', 'Rounds', '1.50', '48']));
  });

  it('shows at most 50 rows and refuses more than 3 detail columns', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ name: `p${i}`, value: 60 - i }));
    const texts = textsOf(leaderboardChart({ title: 'Top', metric: 'Kills', rows }).tree);
    expect(texts).toContain('p49');
    expect(texts).not.toContain('p50');
    expect(texts).toContain('+10 more not shown');
    expect(() =>
      leaderboardChart({
        title: 'Top',
        metric: 'Kills',
        rows,
        detailColumns: ['a', 'b', 'c', 'd'],
      }),
    ).toThrow(/at most 3/);
  });
});
