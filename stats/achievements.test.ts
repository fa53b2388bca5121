import { describe, expect, it } from 'vitest';
import { ACHIEVEMENTS, type ProgressRound, unlocks } from './achievements.ts';

const rounds = (n: number, kills: number, deaths: number, from = 0): ProgressRound<number>[] =>
  Array.from({ length: n }, (_, i) => ({ round: from + i, kills, deaths }));

describe('achievements', () => {
  it('has the previous bot thresholds', () => {
    expect(ACHIEVEMENTS.map((a) => a.id)).toEqual([
      'kills_100',
      'kills_500',
      'kills_1000',
      'kills_2500',
      'kills_5000',
      'kills_10000',
      'rounds_10',
      'rounds_50',
      'rounds_100',
      'rounds_250',
      'rounds_500',
      'rounds_1000',
      'kd_1.0',
      'kd_1.5',
      'kd_2.0',
      'kd_3.0',
    ]);
  });

  it('unlocks a count in the round where the running total first reaches it', () => {
    const found = unlocks(rounds(60, 9, 9));
    expect(found.find((u) => u.id === 'kills_100')).toEqual({
      id: 'kills_100',
      round: 11,
      roundNumber: 12,
    });
    expect(found.find((u) => u.id === 'kills_500')).toEqual({
      id: 'kills_500',
      round: 55,
      roundNumber: 56,
    });
    expect(found.find((u) => u.id === 'rounds_10')).toEqual({
      id: 'rounds_10',
      round: 9,
      roundNumber: 10,
    });
    expect(found.find((u) => u.id === 'rounds_50')?.round).toBe(49);
    expect(found.some((u) => u.id === 'kills_1000' || u.id === 'rounds_100')).toBe(false);
  });

  it('unlocks K/D only after 20 rounds, at the first round the ratio is met, and keeps it when it drops', () => {
    // 19 strong rounds: K/D 3 but too few rounds; round 20 keeps it at 3.
    const strong = unlocks([...rounds(19, 6, 2), ...rounds(1, 6, 2, 19), ...rounds(40, 0, 5, 20)]);
    expect(strong.filter((u) => u.id.startsWith('kd_'))).toEqual([
      { id: 'kd_1.0', round: 19, roundNumber: 20 },
      { id: 'kd_1.5', round: 19, roundNumber: 20 },
      { id: 'kd_2.0', round: 19, roundNumber: 20 },
      { id: 'kd_3.0', round: 19, roundNumber: 20 },
    ]);
    // Weak start, then a climb: K/D 1.0 is reached only when kills catch up with deaths.
    const climb = unlocks([...rounds(20, 1, 2), ...rounds(30, 3, 2, 20)]);
    expect(climb.filter((u) => u.id.startsWith('kd_'))).toEqual([
      { id: 'kd_1.0', round: 39, roundNumber: 40 },
    ]);
  });

  it('counts K/D with no deaths as the kills themselves', () => {
    expect(unlocks(rounds(20, 1, 0)).map((u) => u.id)).toContain('kd_3.0');
    expect(unlocks(rounds(20, 0, 0)).some((u) => u.id.startsWith('kd_'))).toBe(false);
  });
});
