import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { type MapDetailChartInput, mapDetailChart } from './map-detail.ts';

const input: MapDetailChartInput = {
  title: 'supply',
  subtitle: 'All time · 6 plays · 12 rounds',
  attack: { round1: { completed: 4, held: 2 }, round2: { completed: 3, held: 3 } },
  stopwatch: { firstAttackersWon: 2, firstDefendersWon: 3, drawn: 1 },
  plays: [
    { label: '2025-10-02', first: { seconds: 456, completed: true }, second: null },
    {
      label: '2025-09-30',
      first: { seconds: 600, completed: false },
      second: { seconds: 512, completed: true },
    },
  ],
  players: [{ name: '^1red^7head', dpm: 312.45, kd: 1.5, rounds: 8 }],
  minRounds: 4,
};

describe('map detail chart', () => {
  it('shows attacks completed or held per round, with their share', () => {
    const texts = textsOf(mapDetailChart(input).tree);
    expect(texts).toEqual(
      expect.arrayContaining(['Round 1', '4', '2', '67%', '6 rounds', 'Round 2', '50%']),
    );
    expect(texts).toContain('Objective completed');
    expect(texts).toContain('Defence held');
  });

  it('shows the latest attack times, a held round as held and a missing round 2 as such', () => {
    const texts = textsOf(mapDetailChart(input).tree);
    expect(texts).toEqual(
      expect.arrayContaining(['2025-10-02', '7:36', 'no R2', '2025-09-30', 'held', '8:32']),
    );
    expect(texts).toContain('Attack times, latest 2 plays');
  });

  it('lists the best players with the rounds they need, and the stopwatch results in the footer', () => {
    const texts = textsOf(mapDetailChart(input).tree);
    expect(texts).toContain('Best DPM here (at least 4 rounds)');
    expect(texts).toEqual(expect.arrayContaining(['redhead', '312.4', 'K/D 1.50 · 8 rnds']));
    expect(texts).toContain(
      'Stopwatch maps: first attackers won 2, first defenders won 3, drawn 1',
    );
    // The map's name is the title only, never a bar of its own.
    expect(texts.filter((t) => t === 'supply')).toHaveLength(1);
  });

  it('says so when nobody has the rounds to be listed, and leaves out times it does not have', () => {
    const texts = textsOf(mapDetailChart({ ...input, plays: [], players: [] }).tree);
    expect(texts).toContain('Nobody has played 4 rounds here yet');
    expect(texts.some((t) => t.startsWith('Attack times'))).toBe(false);
  });
});
