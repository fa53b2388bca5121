import { describe, expect, it } from 'vitest';
import { roundTeamNames, sessionTeamNames } from './team-names.ts';

const teamOf = new Map<string, 'A' | 'B'>([
  ['a1', 'A'],
  ['a2', 'A'],
  ['b1', 'B'],
]);

describe('stats.lua team names', () => {
  it('reads names only with a side for alpha; strips colours and cuts at 32', () => {
    expect(roundTeamNames({ alpha_teamname: 'x', round: {} })).toBeNull();
    expect(
      roundTeamNames({ alpha_teamname: ' ', beta_teamname: null, round: { alpha_side: 1 } }),
    ).toBeNull();
    expect(
      roundTeamNames({
        alpha_teamname: '^1Red',
        beta_teamname: 'B'.repeat(40),
        round: { alpha_side: 2 },
      }),
    ).toEqual({ alpha: 'Red', beta: 'B'.repeat(32), alphaSide: 2 });
  });

  it('each session team takes the name its players voted for most; spectators and unknowns do not vote', () => {
    const names = { alpha: 'Red', beta: 'Blue', alphaSide: 1 as const };
    const sides = [
      { guid: 'a1', team: 1 as const },
      { guid: 'a2', team: 1 as const },
      { guid: 'b1', team: 2 as const },
      { guid: 'zz', team: 2 as const },
      { guid: 'a1', team: 3 as const },
    ];
    expect(
      sessionTeamNames(
        [
          { names, sides },
          { names: null, sides },
        ],
        teamOf,
      ),
    ).toEqual({
      A: 'Red',
      B: 'Blue',
    });
  });

  it('a name both teams would take names neither', () => {
    const sides = [
      { guid: 'a1', team: 1 as const },
      { guid: 'b1', team: 1 as const },
    ];
    expect(
      sessionTeamNames([{ names: { alpha: 'Red', beta: null, alphaSide: 1 }, sides }], teamOf),
    ).toEqual({ A: null, B: null });
  });
});
