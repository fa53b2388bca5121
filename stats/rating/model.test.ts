import { describe, expect, it } from 'vitest';
import { lineupOf, type MapPlayer, type RatingMap } from './lineup.ts';
import { beliefAt, DEFAULT_PARAMETERS, rateMap, rateMaps, type RatingState } from './model.ts';

const DAY = 86_400_000;
const full = (guid: string, first: boolean, seconds = 1200): MapPlayer => ({
  guid,
  bot: false,
  firstS: first ? seconds : 0,
  secondS: first ? 0 : seconds,
});
const fourVsFour = (extra: MapPlayer[] = []) => [
  ...['A1', 'A2', 'A3', 'A4'].map((g) => full(g, true)),
  ...['B1', 'B2', 'B3', 'B4'].map((g) => full(g, false)),
  ...extra,
];
const map = (over: Partial<RatingMap> = {}): RatingMap => ({
  id: 1,
  endedAt: Date.UTC(2025, 8, 4, 20),
  map: 'supply',
  orphan: false,
  firstPoints: 2,
  durationS: 1200,
  players: fourVsFour(),
  ...over,
});

describe('lineups', () => {
  it('weighs each player by the share of the map played, in the group they played for', () => {
    const lineup = lineupOf(
      map({
        players: [
          ...fourVsFour().slice(0, 7),
          full('B4', false, 600),
          { guid: 'SWITCH', bot: false, firstS: 300, secondS: 300 },
        ],
      }),
    );
    if ('unrated' in lineup) throw new Error(lineup.unrated);
    const of = (guid: string) => lineup.participants.find((p) => p.guid === guid);
    expect(lineup.firstSize).toBeCloseTo(4.25);
    expect(lineup.secondSize).toBeCloseTo(3.75);
    expect(of('A1')?.coefficient).toBeCloseTo(1 / 4.25);
    expect(of('B4')?.coefficient).toBeCloseTo(-0.5 / 3.75);
    expect(of('B4')?.share).toBeCloseTo(0.5);
    // A quarter of the map for each group: a pull on both sides, nearly cancelling.
    expect(of('SWITCH')?.coefficient).toBeCloseTo(0.25 / 4.25 - 0.25 / 3.75);
  });

  it('gives the reason a map is not rated', () => {
    const reason = (m: RatingMap) => rateMap(new Map(), m).status;
    expect(reason(map({ orphan: true }))).toBe('orphan');
    expect(reason(map({ players: fourVsFour([{ ...full('OMNIBOT1', true), bot: true }]) }))).toBe(
      'bots',
    );
    expect(reason(map({ players: [full('A1', true), full('B1', false)] }))).toBe('too few players');
    expect(
      reason(map({ players: fourVsFour().filter((p) => !['B3', 'B4'].includes(p.guid)) })),
    ).toBe('lopsided');
    const unknown = rateMap(new Map(), map({ firstPoints: null }));
    expect(unknown.status).toBe('unknown winner');
    expect(unknown.expected).toBeCloseTo(0.5, 1); // predicted, not rated
    expect(unknown.changes).toEqual([]);
    expect(reason(map())).toBe('rated');
  });
});

describe('the rating', () => {
  it('moves the winners up and the losers down, and grows surer of both', () => {
    const state: RatingState = new Map();
    const rated = rateMap(state, map({ firstPoints: 0 }));
    const change = (key: string) => rated.changes.find((c) => c.key === key);
    expect(change('B1')?.after.mu).toBeGreaterThan(0);
    expect(change('A1')?.after.mu).toBeLessThan(0);
    expect(change('A1')?.after.sigma2).toBeLessThan(DEFAULT_PARAMETERS.sigma0 ** 2);
  });

  it('moves a substitute by the share they played', () => {
    const players = [...fourVsFour().slice(0, 7), full('B4', false, 300), full('SUB', false, 900)];
    const rated = rateMap(new Map(), map({ firstPoints: 0, players }));
    const moved = (key: string) => rated.changes.find((c) => c.key === key)?.after.mu ?? 0;
    expect(moved('SUB')).toBeGreaterThan(moved('B4'));
    expect(moved('B1')).toBeGreaterThan(moved('SUB'));
  });

  it('calls a 1–1 between equals no news, and pulls unequal groups together', () => {
    const state: RatingState = new Map();
    rateMap(state, map({ id: 1 }));
    const draw = rateMap(state, map({ id: 2, endedAt: map().endedAt + 3_600_000, firstPoints: 1 }));
    const a1 = draw.changes.find((c) => c.key === 'A1');
    expect(draw.expected).toBeGreaterThan(0.5);
    expect(a1?.after.mu).toBeLessThan(a1?.before.mu ?? 0);
  });

  it('grows less sure of a player with the days away, up to a newcomer', () => {
    const state: RatingState = new Map();
    rateMap(state, map());
    const now = state.get('A1');
    const later = (days: number) =>
      beliefAt(state, 'A1', (now?.at ?? 0) + days * DAY, DEFAULT_PARAMETERS);
    expect(later(30).sigma2).toBeGreaterThan(now?.sigma2 ?? 0);
    expect(later(10_000).sigma2).toBe(DEFAULT_PARAMETERS.sigma0 ** 2);
    expect(later(30).mu).toBe(now?.mu);
  });

  it('predicts every map before reading its result: later results never change an earlier prediction', () => {
    const maps = Array.from({ length: 12 }, (_, i) =>
      map({ id: i, endedAt: map().endedAt + i * 3_600_000, firstPoints: i % 3 === 0 ? 0 : 2 }),
    );
    const flipped = maps.map((m, i) =>
      i >= 6 ? { ...m, firstPoints: 2 - (m.firstPoints ?? 0) } : m,
    );
    const a = rateMaps(maps);
    const b = rateMaps(flipped as RatingMap[]);
    expect(b.slice(0, 7).map((m) => m.expected)).toEqual(a.slice(0, 7).map((m) => m.expected));
    expect(b[7]?.expected).not.toBe(a[7]?.expected);
  });

  it('rates in the order maps ended, whatever order they are given in', () => {
    const maps = Array.from({ length: 5 }, (_, i) =>
      map({ id: i, endedAt: map().endedAt + i * 3_600_000, firstPoints: i % 2 === 0 ? 0 : 2 }),
    );
    expect(rateMaps([...maps].reverse())).toEqual(rateMaps(maps));
  });
});
