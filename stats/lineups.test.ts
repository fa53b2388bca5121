import { describe, expect, it } from 'vitest';
import { changedLineup, lineupChanges, mapLineups } from './lineups.ts';

describe('mapLineups', () => {
  it('puts everyone who played a round of the map play on their team, an R2 newcomer included', () => {
    const lineups = mapLineups([
      {
        play: 1,
        players: [
          { guid: 'B', team: 'A' },
          { guid: 'A', team: 'A' },
          { guid: 'C', team: 'B' },
        ],
      },
      {
        play: 1,
        players: [
          { guid: 'A', team: 'A' },
          { guid: 'D', team: 'B' },
          { guid: 'E', team: null },
        ],
      },
      { play: 2, players: [{ guid: 'A', team: 'B' }] },
    ]);
    expect(lineups.get(1)).toEqual({ A: ['A', 'B'], B: ['C', 'D'] });
    expect(lineups.get(2)).toEqual({ A: [], B: ['A'] });
  });

  it('keeps the side a player first played on when they switch inside one map play', () => {
    const lineups = mapLineups([
      { play: 7, players: [{ guid: 'X', team: 'A' }] },
      { play: 7, players: [{ guid: 'X', team: 'B' }] },
    ]);
    expect(lineups.get(7)).toEqual({ A: ['X'], B: [] });
  });
});

describe('lineupChanges', () => {
  it('says who joined and who left each team from one map play to the next', () => {
    const changes = lineupChanges([
      { A: ['a1', 'a2'], B: ['b1', 'b2'] },
      { A: ['a1', 'a2'], B: ['b1', 'b2'] },
      { A: ['a1', 'b2'], B: ['b1', 'b3'] },
    ]);
    expect(changes).toHaveLength(2);
    expect(changedLineup(changes[0]!)).toBe(false);
    expect(changes[1]).toEqual({
      A: { joined: ['b2'], left: ['a2'] },
      B: { joined: ['b3'], left: ['b2'] },
    });
    expect(changedLineup(changes[1]!)).toBe(true);
  });

  it('has no change for a single map play', () => {
    expect(lineupChanges([{ A: ['a'], B: ['b'] }])).toEqual([]);
  });
});
