import { describe, expect, it } from 'vitest';
import {
  groupSessions,
  groupSessionsByServer,
  minuteCode,
  minuteOfCode,
  settleSessionIds,
} from './sessions.ts';

const MIN = 60_000;
const GAP = 60 * MIN;
/** A 10-minute round on a server, `start` minutes after the epoch. */
const round = (id: string, serverId: number, start: number) => ({
  id,
  serverId,
  startedAt: start * MIN,
  endedAt: (start + 10) * MIN,
});
const ids = (groups: { id: string }[][]) => groups.map((g) => g.map((r) => r.id));

describe('sessions per game server', () => {
  it('makes two servers playing at the same time two sessions, each in play order', () => {
    const rounds = [
      round('b2', 2, 12),
      round('a1', 1, 0),
      round('b1', 2, 1),
      round('a2', 1, 11),
      round('a3', 1, 22),
    ];
    // One server's rounds alone would be one session: the overlap is what must not merge them.
    expect(ids(groupSessions(rounds, GAP))).toEqual([['a1', 'b1', 'a2', 'b2', 'a3']]);
    expect(ids(groupSessionsByServer(rounds, GAP))).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]);
  });

  it('still splits one server at a gap, and orders every group by its first round', () => {
    const rounds = [round('a1', 1, 0), round('a2', 1, 200), round('b1', 2, 100), round('c1', 3, 0)];
    expect(ids(groupSessionsByServer(rounds, GAP))).toEqual([['a1'], ['c1'], ['b1'], ['a2']]);
    expect(groupSessionsByServer([], GAP)).toEqual([]);
  });
});

describe('stable session ids', () => {
  const at = (iso: string) => Date.parse(iso);
  it('codes a minute as yyyymmddHHMM in UTC and reads it back', () => {
    expect(minuteCode(at('2026-12-04T20:15:59.900Z'))).toBe(202612042015);
    expect(minuteOfCode(202612042015)).toBe(at('2026-12-04T20:15:00Z'));
    expect(minuteOfCode(202612042075)).toBeNull();
    expect(minuteOfCode(16)).toBeNull();
  });

  it('gives each session the minute its first round started, a taken minute moving to the next free one', () => {
    const sessions = [
      { startedAt: at('2026-12-04T20:15:10Z'), serverId: 2 },
      { startedAt: at('2026-12-04T20:15:40Z'), serverId: 1 },
      { startedAt: at('2026-12-04T20:16:05Z'), serverId: 3 },
      { startedAt: at('2026-12-04T23:59:30Z'), serverId: 1 },
    ];
    expect(settleSessionIds(sessions, null)).toEqual([
      202612042015, 202612042016, 202612042017, 202612042359,
    ]);
    // Continuing after a session that holds 20:15: the next minute free, across the hour and the day.
    expect(settleSessionIds(sessions.slice(1), 202612042015)).toEqual([
      202612042016, 202612042017, 202612042359,
    ]);
    expect(
      settleSessionIds([{ startedAt: at('2026-12-31T23:59:00Z'), serverId: 2 }], 202612312359),
    ).toEqual([202701010000]);
  });

  it('sorts an older evening before a newer one, whatever was seen first', () => {
    const newer = { startedAt: at('2026-12-04T20:15:00Z'), serverId: 1 };
    const older = { startedAt: at('2026-11-20T19:02:00Z'), serverId: 1 };
    const [olderId, newerId] = settleSessionIds([older, newer], null) as [number, number];
    expect(olderId).toBeLessThan(newerId);
    expect(settleSessionIds([newer], null)).toEqual([newerId]);
  });
});
