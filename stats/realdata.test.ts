import { describe, expect, it } from 'vitest';
import type { TruthRound } from '../generator/truth.ts';
import { deriveFiles, roundDifferences } from '../test/support/derive-files.ts';
import {
  type ExpectedPlayer,
  loadExpected,
  realCrlfCopies,
  realRoundFiles,
} from '../test/support/realdata.ts';
import { deriveRoundTwo, roundOneAlone } from './derive-round-two.ts';
import { WEAPON_NAMES } from './fields.ts';
import type { PlayerRound } from './figures.ts';
import { roundDuration } from './outcome.ts';
import { pairRounds } from './pair-rounds.ts';
import { readStatsFile } from './read.ts';
import type { ParsedRound } from './round.ts';

// Files written by a real server (../shared/realdata), read in place, against what STATS_FORMAT.md
// gives for them (expected.json): integers exact, minutes and time alive % within 0.1, null where the
// file does not tell.

const expected = loadExpected();
const parsed = new Map<string, ParsedRound>();
for (const file of realRoundFiles()) {
  const result = readStatsFile(file.name, file.bytes);
  if (!result.ok) throw new Error(`${file.name}: line ${result.line}: ${result.reason}`);
  parsed.set(file.name, result.round);
}

const byMap = new Map<string, ParsedRound[]>();
for (const r of parsed.values()) byMap.set(r.file.map, [...(byMap.get(r.file.map) ?? []), r]);
const r1Of = new Map<string, string>();
for (const rounds of byMap.values()) {
  const pairing = rounds.map((r) => ({
    id: r.file.fileName,
    round: r.file.round,
    endedAt: Date.parse(`${r.file.localTime}Z`),
    timeLimitS: r.header.timeLimitS,
    nextTimeLimitS: r.header.nextTimeLimitS,
    tieBreak: r.file.fileName,
  }));
  for (const [r2, r1] of pairRounds(pairing)) r1Of.set(r2, r1);
}
const r2Of = new Map([...r1Of].map(([r2, r1]) => [r1, r2]));

function derived(file: string): { players: PlayerRound[] | null; r2PerRound: boolean | null } {
  const round = parsed.get(file) as ParsedRound;
  if (round.file.round === 1) {
    const r2 = r2Of.get(file);
    const players = r2
      ? deriveRoundTwo(round, parsed.get(r2) as ParsedRound).round1
      : roundOneAlone(round);
    return { players, r2PerRound: null };
  }
  const r1 = r1Of.get(file);
  if (!r1) return { players: null, r2PerRound: null };
  const { round2, r2PerRound } = deriveRoundTwo(parsed.get(r1) as ParsedRound, round);
  return { players: round2, r2PerRound };
}

const DECIMAL_KEYS = new Set(['time_played_min', 'time_dead_min', 'time_alive_pct']);
const FLAGS: Record<string, (p: PlayerRound) => unknown> = {
  name: (p) => p.nameRaw,
  team: (p) => p.team,
  bot: (p) => p.bot,
  left_early: (p) => p.leftEarly,
  joined_in_r2: (p) => p.joinedInR2,
  reconnected: (p) => p.reconnected,
};

/** Every difference between a derived player and expected.json, as readable lines. */
function differences(actual: PlayerRound, wanted: ExpectedPlayer, where: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (key === 'weapons') {
      const weapons = Object.fromEntries(
        actual.weapons.map(({ weapon, ...w }) => [WEAPON_NAMES[weapon] as string, w]),
      );
      if (JSON.stringify(sorted(weapons)) !== JSON.stringify(sorted(value as object)))
        out.push(`${where} weapons`);
      continue;
    }
    const flag = FLAGS[key];
    const got = flag ? flag(actual) : (actual.totals as Record<string, unknown>)[key];
    const same =
      typeof value === 'number' && typeof got === 'number' && DECIMAL_KEYS.has(key)
        ? Math.abs(got - value) <= 0.1 + 1e-9
        : got === value;
    if (!same) out.push(`${where} ${key}: ${String(got)}, expected ${String(value)}`);
  }
  return out;
}

const sorted = (o: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, typeof v === 'object' && v ? sorted(v) : v]),
  );

describe('reading the real server files', () => {
  it('reads every one as a round, the idle header-only round as an empty one', () => {
    expect(parsed.size).toBe(expected.rounds.length);
    for (const round of expected.rounds) {
      const r = parsed.get(round.file) as ParsedRound;
      expect(
        {
          empty: r.players.length === 0,
          ext_fields: r.extFields,
          bullets_known: r.bulletsKnown,
          legacy_header: r.header.legacyHeader,
          defender: r.header.defender,
          winner: r.header.winner,
        },
        round.file,
      ).toEqual({
        empty: round.empty,
        ext_fields: round.ext_fields,
        bullets_known: round.bullets_known,
        legacy_header: round.legacy_header,
        defender: round.defender,
        winner: round.winner,
      });
    }
  });

  it('pairs each R2 with the R1 expected.json names and leaves the orphans alone', () => {
    for (const round of expected.rounds.filter((r) => r.round === 2)) {
      const r1 = r1Of.get(round.file);
      expect(r1 ? r1.replace(/-round-1\.txt$/, '') : null, round.file).toBe(round.match);
    }
  });

  it('gives every player-round the figures of that round alone, nulls where a file does not tell', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const round of expected.rounds) {
      const { players, r2PerRound } = derived(round.file);
      expect(r2PerRound, `${round.file} r2_per_round`).toBe(round.r2_per_round ?? null);
      if (round.players === null) {
        expect(players, `${round.file} is an orphan`).toBeNull();
        continue;
      }
      const byGuid = new Map((players ?? []).map((p) => [p.guid, p]));
      expect([...byGuid.keys()].sort(), round.file).toEqual(Object.keys(round.players).sort());
      for (const [guid, wanted] of Object.entries(round.players)) {
        problems.push(
          ...differences(byGuid.get(guid) as PlayerRound, wanted, `${round.file} ${guid}`),
        );
        compared++;
      }
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(450);
  });

  it('times every round from the source the spec names, in its order', () => {
    for (const round of expected.rounds) {
      const { players } = derived(round.file);
      const longest =
        players && players.length > 0
          ? Math.max(...players.map((p) => Math.round(p.totals.time_played_min * 60)))
          : null;
      const header = (parsed.get(round.file) as ParsedRound).header;
      expect(roundDuration(header, longest), round.file).toEqual({
        seconds: round.duration_s,
        source: round.duration_source,
      });
    }
  });

  it('agrees with the comparison the generator tests hold their truth to (derive-files.ts)', () => {
    const derived = deriveFiles([...realCrlfCopies(), ...realRoundFiles()]);
    const rounds = expected.rounds as unknown as TruthRound[];
    expect(rounds.flatMap((r) => roundDifferences(derived.get(r.file), r))).toEqual([]);
  });

  it('reads each CRLF copy exactly as the round it copies', () => {
    const copies = realCrlfCopies();
    expect(copies.length).toBeGreaterThan(30);
    for (const copy of copies) {
      const of = expected.duplicates[copy.path] as string;
      const result = readStatsFile(copy.name, copy.bytes);
      expect(result.ok && result.round, copy.path).toEqual(parsed.get(of));
    }
  });
});
