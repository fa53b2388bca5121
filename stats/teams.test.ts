import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectTeams, scoreMap, scoreSession, type TeamRound } from './teams.ts';

interface MapPlay {
  defender: 1 | 2;
  /** Who attacked in R1 (they defend in R2). */
  first: readonly string[];
  second: readonly string[];
  /** Players absent from R2 / R1, spectating in a round. */
  onlyR1?: readonly string[];
  spectatingR2?: readonly string[];
  noR2?: boolean;
}

/** The rounds of a session: per map, the R1 and the R2 the way a server writes them (players swap sides). */
function session(maps: readonly MapPlay[]): TeamRound[] {
  return maps.flatMap((m, unit): TeamRound[] => {
    const attackers = (3 - m.defender) as 1 | 2;
    const r1: TeamRound = {
      unit,
      round: 1,
      defender: m.defender,
      sides: [
        ...m.first.map((guid) => ({ guid, team: attackers })),
        ...m.second.map((guid) => ({ guid, team: m.defender })),
      ],
    };
    if (m.noR2) return [r1];
    const inR2 = (g: string) => !m.onlyR1?.includes(g);
    const side = (g: string, team: 1 | 2) => ({
      guid: g,
      team: m.spectatingR2?.includes(g) ? (3 as const) : team,
    });
    const r2: TeamRound = {
      unit,
      round: 2,
      defender: m.defender,
      sides: [
        ...m.first.filter(inR2).map((g) => side(g, m.defender)),
        ...m.second.filter(inR2).map((g) => side(g, attackers)),
      ],
    };
    return [r1, r2];
  });
}

const teamsOf = (result: ReturnType<typeof detectTeams>) =>
  Object.fromEntries(result.players.map((p) => [p.guid, p.team]));

const RED = ['a', 'b', 'c'];
const BLUE = ['d', 'e', 'f'];

describe('detectTeams', () => {
  it("finds the team that persists from map to map whichever side attacks first, A being the first map's first attackers", () => {
    const result = detectTeams(
      session([
        { defender: 1, first: BLUE, second: RED },
        { defender: 2, first: RED, second: BLUE },
        { defender: 1, first: RED, second: BLUE },
        { defender: 2, first: BLUE, second: RED },
      ]),
    );
    expect(teamsOf(result)).toEqual({ a: 'B', b: 'B', c: 'B', d: 'A', e: 'A', f: 'A' });
    expect(
      result.players.every(
        (p) =>
          p.confidence === 1 && p.rounds === 8 && p.source === 'detected' && p.role === 'starter',
      ),
    ).toBe(true);
    expect(result.units.map((u) => [u.unit, u.firstAttackers, u.confidence])).toEqual([
      [0, 'A', 1],
      [1, 'B', 1],
      [2, 'B', 1],
      [3, 'A', 1],
    ]);
  });

  it('names a player who came in after a teammate left as the substitute, and one who came with nobody gone as joined', () => {
    const result = detectTeams(
      session([
        { defender: 1, first: RED, second: BLUE },
        { defender: 1, first: BLUE, second: RED },
        { defender: 2, first: ['a', 'b', 'g'], second: BLUE },
        { defender: 2, first: ['d', 'e', 'f', 'h'], second: ['a', 'b', 'g'] },
      ]),
    );
    expect(teamsOf(result)).toMatchObject({ a: 'A', c: 'A', g: 'A', d: 'B', h: 'B' });
    const byGuid = new Map(result.players.map((p) => [p.guid, p]));
    expect(byGuid.get('g')).toMatchObject({ role: 'substitute', replaces: 'c', firstRound: 4 });
    expect(byGuid.get('c')).toMatchObject({ role: 'starter', lastRound: 3 });
    expect(byGuid.get('h')).toMatchObject({ role: 'joined', replaces: null, confidence: 1 });
  });

  it('keeps a player who played one map with the other team on their usual team, with less confidence', () => {
    const result = detectTeams(
      session([
        { defender: 1, first: RED, second: BLUE },
        { defender: 1, first: ['b', 'c', 'd'], second: ['a', 'e', 'f'] },
        { defender: 2, first: RED, second: BLUE },
      ]),
    );
    expect(teamsOf(result)).toEqual({ a: 'A', b: 'A', c: 'A', d: 'B', e: 'B', f: 'B' });
    expect(result.players.find((p) => p.guid === 'a')).toMatchObject({
      confidence: 0.667,
      rounds: 6,
      agreeingRounds: 4,
    });
    expect(result.players.find((p) => p.guid === 'b')?.confidence).toBe(1);
    expect(result.units[1]).toMatchObject({ firstAttackers: 'A', confidence: 0.667 });
  });

  it('ignores spectator rounds and rounds a player missed', () => {
    const result = detectTeams(
      session([
        { defender: 1, first: RED, second: BLUE, onlyR1: ['a'], spectatingR2: ['e'] },
        { defender: 2, first: BLUE, second: RED, noR2: true },
      ]),
    );
    expect(teamsOf(result)).toEqual({ a: 'A', b: 'A', c: 'A', d: 'B', e: 'B', f: 'B' });
    expect(result.players.find((p) => p.guid === 'a')?.rounds).toBe(2);
    expect(result.players.find((p) => p.guid === 'e')?.rounds).toBe(2);
  });

  it("puts a moderator's corrections first: the player is on the team named, and the maps follow them", () => {
    const rounds = session([
      { defender: 1, first: RED, second: BLUE },
      { defender: 1, first: BLUE, second: RED },
    ]);
    const moved = detectTeams(rounds, new Map([['a', 'B']]));
    expect(moved.players.find((p) => p.guid === 'a')).toMatchObject({
      team: 'B',
      source: 'moderator',
      confidence: 1,
    });
    expect(teamsOf(moved)).toMatchObject({ b: 'A', d: 'B' });
    // Two corrections that name the other labels turn the maps round.
    const relabelled = detectTeams(
      rounds,
      new Map([
        ['a', 'B'],
        ['b', 'B'],
        ['c', 'B'],
      ]),
    );
    expect(teamsOf(relabelled)).toEqual({ a: 'B', b: 'B', c: 'B', d: 'A', e: 'A', f: 'A' });
    expect(relabelled.units.map((u) => u.firstAttackers)).toEqual(['B', 'A']);
  });

  it('recovers any persistent split whatever sides, absences and order (property)', () => {
    const play = fc.record({
      size: fc.integer({ min: 1, max: 6 }),
      maps: fc.array(
        fc.record({
          defender: fc.constantFrom(1 as const, 2 as const),
          redFirst: fc.boolean(),
          absent: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(play, ({ size, maps }) => {
        const red = Array.from({ length: size }, (_, i) => `R${i}`);
        const blue = Array.from({ length: size }, (_, i) => `B${i}`);
        // The first player of each team plays every map, so every map shares someone with the others.
        const present = (team: string[], absent: boolean[], offset: number) =>
          team.filter((_, i) => i === 0 || !absent[offset + i]);
        const plays = maps.map((m) => {
          const r = present(red, m.absent, 0);
          const b = present(blue, m.absent, 6);
          return { defender: m.defender, first: m.redFirst ? r : b, second: m.redFirst ? b : r };
        });
        const result = detectTeams(session(plays));
        const redLabel = maps[0]?.redFirst ? 'A' : 'B';
        for (const p of result.players) {
          expect(p.team).toBe(p.guid.startsWith('R') ? redLabel : redLabel === 'A' ? 'B' : 'A');
          expect(p.confidence).toBe(1);
        }
        expect(result.units.map((u) => u.firstAttackers)).toEqual(
          maps.map((m) => (m.redFirst ? redLabel : redLabel === 'A' ? 'B' : 'A')),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('scoring', () => {
  it("gives a map's points to the team that attacked first or second", () => {
    expect(scoreMap('A', { first_attackers: 2, first_defenders: 0 })).toEqual({ A: 2, B: 0 });
    expect(scoreMap('B', { first_attackers: 2, first_defenders: 0 })).toEqual({ A: 0, B: 2 });
    expect(scoreMap('B', { first_attackers: 1, first_defenders: 1 })).toEqual({ A: 1, B: 1 });
  });

  it('decides a session by maps won; equal maps won is a draw, whatever the 1–1 maps', () => {
    expect(
      scoreSession([
        { A: 2, B: 0 },
        { A: 1, B: 1 },
        { A: 0, B: 2 },
        { A: 2, B: 0 },
      ]),
    ).toEqual({
      mapsWon: { A: 2, B: 1 },
      mapsDrawn: 1,
      points: { A: 5, B: 3 },
      winner: 'A',
    });
    expect(
      scoreSession([
        { A: 2, B: 0 },
        { A: 0, B: 2 },
        { A: 1, B: 1 },
      ]).winner,
    ).toBeNull();
    expect(scoreSession([])).toEqual({
      mapsWon: { A: 0, B: 0 },
      mapsDrawn: 0,
      points: { A: 0, B: 0 },
      winner: null,
    });
  });
});
