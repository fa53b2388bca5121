import { deriveRoundTwo, roundOneAlone } from '../../stats/derive-round-two.ts';
import { WEAPON_NAMES } from '../../stats/fields.ts';
import type { PlayerRound } from '../../stats/figures.ts';
import {
  attackersWon,
  type MapScore,
  mapScore,
  type RoundDuration,
  roundDuration,
} from '../../stats/outcome.ts';
import { PAIRING_WINDOW_MS, pairRounds } from '../../stats/pair-rounds.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import {
  TRUTH_EXTENDED_KEYS,
  TRUTH_WEAPON_TOTAL_KEYS,
  type TruthPlayer,
  type TruthRound,
} from '../../generator/truth.ts';

/**
 * A set of round files read by `readStatsFile`, paired and split into rounds by the `stats/` rules,
 * so that tests can hold the result against a truth (the generator's, or realdata's expected.json).
 */

/** One readable file, as the stats/ rules conclude it. */
export interface DerivedRound {
  readonly round: ParsedRound;
  /** The R1's name without `-round-1.txt` for both rounds of a map; null for an orphan R2. */
  readonly match: string | null;
  /** Figures of this round alone; null for an orphan R2 (match totals that cannot be split). */
  readonly players: readonly PlayerRound[] | null;
  /** R2 paired: whether the file held round 2 alone; null otherwise. */
  readonly r2PerRound: boolean | null;
  readonly duration: RoundDuration;
  /** R2 of a complete map only. */
  readonly mapScore: MapScore | null;
}

const stemOf = (fileName: string) => fileName.replace(/-round-[12]\.txt$/, '');

/** P: 60 × the longest round-only time played, in seconds; null without figures. */
export function longestPlayed(players: readonly PlayerRound[] | null): number | null {
  if (!players || players.length === 0) return null;
  return Math.max(...players.map((p) => Math.round(p.totals.time_played_min * 60)));
}

/**
 * Reads, pairs (per server name and map) and derives every readable file; unreadable ones are left
 * out. A name that comes twice (a copy) counts once: the first readable copy.
 */
export function deriveFiles(
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  windowMs = PAIRING_WINDOW_MS,
): Map<string, DerivedRound> {
  const parsed = new Map<string, ParsedRound>();
  for (const f of files) {
    if (parsed.has(f.name)) continue;
    const result = readStatsFile(f.name, f.bytes);
    if (result.ok) parsed.set(f.name, result.round);
  }
  const groups = new Map<string, ParsedRound[]>();
  for (const r of parsed.values()) {
    const key = `${r.header.serverName}\u0000${r.file.map}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const r1Of = new Map<string, string>();
  for (const rounds of groups.values()) {
    const pairing = rounds.map((r) => ({
      id: r.file.fileName,
      round: r.file.round,
      endedAt: Date.parse(`${r.file.localTime}Z`),
      timeLimitS: r.header.timeLimitS,
      nextTimeLimitS: r.header.nextTimeLimitS,
      tieBreak: r.file.fileName,
    }));
    for (const [r2, r1] of pairRounds(pairing, windowMs)) r1Of.set(r2, r1);
  }
  const r2Of = new Map([...r1Of].map(([r2, r1]) => [r1, r2]));
  const out = new Map<string, DerivedRound>();
  for (const [name, round] of parsed) {
    if (round.file.round === 1) {
      const r2 = r2Of.get(name);
      const players = r2
        ? deriveRoundTwo(round, parsed.get(r2) as ParsedRound).round1
        : roundOneAlone(round);
      out.set(name, {
        round,
        match: stemOf(name),
        players,
        r2PerRound: null,
        duration: roundDuration(round.header, longestPlayed(players)),
        mapScore: null,
      });
      continue;
    }
    const r1Name = r1Of.get(name);
    const r1 = r1Name ? (parsed.get(r1Name) as ParsedRound) : null;
    const derived = r1 ? deriveRoundTwo(r1, round) : null;
    const players = derived?.round2 ?? null;
    const duration = roundDuration(round.header, longestPlayed(players));
    let score: MapScore | null = null;
    if (r1 && derived && r1.players.length > 0 && round.players.length > 0) {
      const d1 = roundDuration(r1.header, longestPlayed(derived.round1));
      score = mapScore(
        attackersWon(r1.header, d1.seconds),
        attackersWon(round.header, duration.seconds),
      );
    }
    out.set(name, {
      round,
      match: r1Name ? stemOf(r1Name) : null,
      players,
      r2PerRound: derived ? derived.r2PerRound : null,
      duration,
      mapScore: score,
    });
  }
  return out;
}

/** JSON with keys sorted at every level, so that key order never makes a difference. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

const MINUTES = new Set(['time_played_min', 'time_dead_min', 'time_alive_pct']);
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

function same(key: string, got: unknown, want: unknown): boolean {
  if (typeof got === 'number' && typeof want === 'number' && MINUTES.has(key))
    return Math.abs(got - want) <= 0.1 + 1e-9;
  return got === want;
}

/** Every difference between a derived player and its truth entry, as readable lines. */
export function playerDifferences(got: PlayerRound, want: TruthPlayer, where: string): string[] {
  const out: string[] = [];
  const check = (key: string, actual: unknown, expected: unknown) => {
    if (expected !== undefined && !same(key, actual, expected))
      out.push(`${where} ${key}: ${String(actual)}, expected ${String(expected)}`);
  };
  check('name', got.nameRaw, want.name);
  check('team', got.team, want.team);
  check('bot', got.bot, want.bot);
  check('left_early', got.leftEarly, want.left_early);
  check('joined_in_r2', got.joinedInR2, want.joined_in_r2);
  check('reconnected', got.reconnected, want.reconnected);
  for (const key of [...TRUTH_WEAPON_TOTAL_KEYS, ...TRUTH_EXTENDED_KEYS])
    check(key, got.totals[key], want[key]);
  check('time_alive_pct', got.totals.time_alive_pct, want.time_alive_pct);
  check('bullets_fired', got.totals.bullets_fired, want.bullets_fired);
  const weapons = Object.fromEntries(
    got.weapons.map(({ weapon, ...w }) => [WEAPON_NAMES[weapon] as string, w]),
  );
  if (canonical(weapons) !== canonical(want.weapons))
    out.push(`${where} weapons: ${canonical(weapons)}, expected ${canonical(want.weapons)}`);
  return out;
}

/** Every difference between a derived round and its truth entry (keys the truth lacks are skipped). */
export function roundDifferences(got: DerivedRound | undefined, want: TruthRound): string[] {
  const where = want.file;
  if (!got) return [`${where}: not read as a round`];
  const out: string[] = [];
  const { header } = got.round;
  const check = (key: string, actual: unknown, expected: unknown) => {
    if (expected !== undefined && canonical(actual) !== canonical(expected))
      out.push(`${where} ${key}: ${canonical(actual)}, expected ${canonical(expected)}`);
  };
  check('map', header.map, want.map);
  check('round', header.round, want.round);
  check('defender', header.defender, want.defender);
  check('winner', header.winner, want.winner);
  check('timelimit', clock(header.timeLimitS), want.timelimit);
  check('legacy_header', header.legacyHeader, want.legacy_header);
  check('empty', got.round.players.length === 0, want.empty);
  check('ext_fields', got.round.extFields, want.ext_fields);
  check('bullets_known', got.round.bulletsKnown, want.bullets_known);
  check('match', got.match, want.match);
  check('duration_s', got.duration.seconds, want.duration_s);
  check('duration_source', got.duration.source, want.duration_source);
  if (want.round === 2) {
    check('orphan', got.match === null, want.orphan ?? false);
    check('r2_per_round', got.r2PerRound, want.r2_per_round);
    check('map_score', got.mapScore, want.map_score ?? null);
  }
  if (want.players === null) {
    if (got.players !== null) out.push(`${where}: players derived for an orphan`);
    return out;
  }
  const byGuid = new Map((got.players ?? []).map((p) => [p.guid, p]));
  check('players', [...byGuid.keys()].sort(), Object.keys(want.players).sort());
  for (const [guid, player] of Object.entries(want.players)) {
    const derived = byGuid.get(guid);
    if (derived) out.push(...playerDifferences(derived, player, `${where} ${guid}`));
  }
  return out;
}
