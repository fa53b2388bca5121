import { describe, expect, it } from 'vitest';
import { groupSessions, groupSessionsByServer } from './sessions.ts';

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
