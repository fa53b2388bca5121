import { describe, expect, it } from 'vitest';
import { wallClockInstants } from './clock.ts';
import { pairByWallClock } from './pair-wall-clock.ts';

const ZONE = 'Europe/Berlin';

/** A round of one map written at a Berlin wall-clock time on the night clocks go back (2025-10-26). */
const round = (id: string, number: 1 | 2, time: string, timeLimitS = 600) => ({
  id,
  round: number,
  ...wallClockInstants(`2025-10-26T${time}`, ZONE),
  timeLimitS: number === 1 ? timeLimitS : 400,
  nextTimeLimitS: number === 1 ? 400 : 0,
  tieBreak: id,
});

function paired(rounds: ReturnType<typeof round>[]) {
  const { pairs, endedAt } = pairByWallClock(rounds);
  return {
    pairs: Object.fromEntries(pairs),
    endedAt: Object.fromEntries(
      [...endedAt].map(([id, at]) => [id, new Date(at).toISOString().slice(11, 19)]),
    ),
  };
}

describe('pairing through the hour a clock is set back', () => {
  it('pairs an R1 of the first pass with its R2 of the second, whose file time is earlier', () => {
    // R1 at 02:50 summer time (00:50 UTC); fifteen minutes later clocks went back, and R2 ends at 02:05.
    expect(paired([round('r1', 1, '02:50:00'), round('r2', 2, '02:05:00')])).toEqual({
      pairs: { r2: 'r1' },
      endedAt: { r1: '00:50:00', r2: '01:05:00' },
    });
  });

  it('pairs an R1 of the second pass with its R2 after the repeated hour', () => {
    expect(paired([round('r1', 1, '02:50:00'), round('r2', 2, '03:05:00')])).toEqual({
      pairs: { r2: 'r1' },
      endedAt: { r1: '01:50:00', r2: '02:05:00' },
    });
  });

  it('keeps the earlier instant when the pair is on one side of the change', () => {
    expect(paired([round('r1', 1, '02:10:00'), round('r2', 2, '02:30:00')])).toEqual({
      pairs: { r2: 'r1' },
      endedAt: { r1: '00:10:00', r2: '00:30:00' },
    });
    expect(paired([round('r1', 1, '01:50:00'), round('r2', 2, '02:05:00')])).toEqual({
      pairs: { r2: 'r1' },
      endedAt: { r1: '23:50:00', r2: '00:05:00' },
    });
  });

  it('moves nothing that pairs at its earlier instant, nor what pairs with nothing either way', () => {
    // A whole night: one map played before the change and again across it.
    const night = [
      round('a1', 1, '01:40:00'),
      round('a2', 2, '01:55:00'),
      round('b1', 1, '02:45:00'),
      round('b2', 2, '02:02:00'),
      round('c2', 2, '02:20:00'),
    ];
    expect(paired(night)).toEqual({
      pairs: { a2: 'a1', b2: 'b1' },
      endedAt: {
        a1: '23:40:00',
        a2: '23:55:00',
        b1: '00:45:00',
        b2: '01:02:00',
        c2: '00:20:00',
      },
    });
  });

  it('answers the same whatever the order of the rounds', () => {
    const rounds = [
      round('r1', 1, '02:50:00'),
      round('r2', 2, '02:05:00'),
      round('s1', 1, '02:20:00'),
      round('s2', 2, '02:40:00'),
    ];
    const expected = paired(rounds);
    expect(expected.pairs).toEqual({ r2: 'r1', s2: 's1' });
    expect(paired([...rounds].reverse())).toEqual(expected);
    expect(paired([rounds[2], rounds[0], rounds[3], rounds[1]] as typeof rounds)).toEqual(expected);
  });

  it('is plain pairing on any other night', () => {
    const { pairs, endedAt } = pairByWallClock([
      { ...round('r1', 1, '02:50:00'), ...wallClockInstants('2025-10-25T02:50:00', ZONE) },
      { ...round('r2', 2, '02:05:00'), ...wallClockInstants('2025-10-25T02:05:00', ZONE) },
    ]);
    expect(pairs.size).toBe(0);
    expect(endedAt.get('r2')).toBe(Date.parse('2025-10-25T00:05:00Z'));
  });
});
