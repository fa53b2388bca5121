import { EXTENDED_FIELDS } from './fields.ts';
import {
  asWritten,
  figuresOf,
  oneDecimal,
  type PlayerRound,
  totalsOf,
  type WeaponTotals,
  weaponTotals,
} from './figures.ts';
import type { ParsedRound, PlayerLine, WeaponLine } from './round.ts';

// STATS_FORMAT.md, "Stopwatch": an R2 file holds both rounds' totals for its cumulative fields and round 2
// alone for the others, unless the server wrote round 2 alone throughout ("Round-2-only R2 files").

/** The counters that never fall between the rounds of one connection: a fall means a reset. */
function countersFell(r1: PlayerLine, r2: PlayerLine, w1: WeaponTotals, w2: WeaponTotals) {
  return (
    w2.kills < w1.kills ||
    w2.deaths < w1.deaths ||
    r2.extended.damage_given < r1.extended.damage_given ||
    r2.extended.damage_received < r1.extended.damage_received
  );
}

/**
 * Whether a player present in both files looks reset, for the per-file test of round-2-only files:
 * kills, deaths, damage given or received lower in R2, or time played not higher.
 */
function looksReset(r1: PlayerLine, r2: PlayerLine, timeOfRoundTwo: boolean): boolean {
  return (
    countersFell(r1, r2, weaponTotals(r1.weapons), weaponTotals(r2.weapons)) ||
    (!timeOfRoundTwo && r2.extended.time_played_min <= r1.extended.time_played_min)
  );
}

/** A stats.lua R2's time played is round 2's own (from its events), never both rounds' total. */
const timeOfRoundTwo = (r2: ParsedRound) => r2.source === 'stats-lua';

/**
 * Whether a paired R2 file holds round 2 alone (a server that resets every figure before R2): more than
 * half of the players present in both files look reset. With no player in both it cannot be told.
 */
export function holdsRoundTwoOnly(r1: ParsedRound, r2: ParsedRound): boolean {
  const before = new Map(r1.players.map((p) => [p.guid, p]));
  let both = 0;
  let reset = 0;
  for (const now of r2.players) {
    const was = before.get(now.guid);
    if (!was) continue;
    both++;
    if (looksReset(was, now, timeOfRoundTwo(r2))) reset++;
  }
  return both > 0 && reset * 2 > both;
}

/**
 * Reconnect: the engine reset this player's counters between the rounds, so the R2 line is round 2 alone.
 * Only kills, deaths, damage given and received and time played tell it (they never fall otherwise), or
 * an engine `rounds` counter that did not move while most players' moved on by one. A fall in a weapon's
 * shots (the knife gives shots back) or in field 20 is not a reset.
 */
function wasReset(
  r1: PlayerLine,
  r2: PlayerLine,
  roundsMovedOn: boolean,
  timeOfRoundTwo: boolean,
): boolean {
  if (countersFell(r1, r2, weaponTotals(r1.weapons), weaponTotals(r2.weapons))) return true;
  if (!timeOfRoundTwo && r2.extended.time_played_min < r1.extended.time_played_min) return true;
  return roundsMovedOn && r2.rounds <= r1.rounds;
}

/** Whether most players in both files have R2's `rounds` = R1's + 1 (the engine carried them over). */
function mostRoundsMovedOn(r1: ParsedRound, r2: ParsedRound): boolean {
  const before = new Map(r1.players.map((p) => [p.guid, p]));
  let both = 0;
  let movedOn = 0;
  for (const now of r2.players) {
    const was = before.get(now.guid);
    if (!was) continue;
    both++;
    if (now.rounds === was.rounds + 1) movedOn++;
  }
  return movedOn * 2 > both;
}

const ZERO: WeaponLine = { weapon: -1, hits: 0, shots: 0, kills: 0, deaths: 0, headshots: 0 };
const atLeastZero = (n: number) => Math.max(n, 0);

/**
 * Round 2's weapon figures: per weapon and number R2 − R1, never below 0 (knife shots fall when the knife
 * hits corpses); a weapon missing from one file counts as zeros; a weapon with nothing in round 2 is left out.
 */
function weaponsDifference(r1: PlayerLine, r2: PlayerLine): WeaponLine[] {
  const before = new Map(r1.weapons.map((w) => [w.weapon, w]));
  const out: WeaponLine[] = [];
  for (const now of r2.weapons) {
    const was = before.get(now.weapon) ?? ZERO;
    const w = {
      weapon: now.weapon,
      hits: atLeastZero(now.hits - was.hits),
      shots: atLeastZero(now.shots - was.shots),
      kills: atLeastZero(now.kills - was.kills),
      deaths: atLeastZero(now.deaths - was.deaths),
      headshots: atLeastZero(now.headshots - was.headshots),
    };
    if (w.hits || w.shots || w.kills || w.deaths || w.headshots) out.push(w);
  }
  return out;
}

/** One player's round-2-only extended values, reused from player to player (in EXTENDED_FIELDS order). */
const values = new Float64Array(EXTENDED_FIELDS.length);
const TIME_ALIVE = EXTENDED_FIELDS.findIndex((f) => f.key === 'time_alive_pct');
const BULLETS = EXTENDED_FIELDS.findIndex((f) => f.key === 'bullets_fired');
const TIME_PLAYED = EXTENDED_FIELDS.findIndex((f) => f.key === 'time_played_min');
const orNaN = (n: number | null) => (n === null ? Number.NaN : n);

/**
 * Round 2 alone for a player present in both files whose counters were carried over: cumulative fields
 * R2 − R1, per-round fields as written, time alive % split by time played, bullets fired only where both
 * files carry field 20 (else unknown: the sum of round-2 shots stands for it).
 */
function roundTwoOnly(r1: PlayerLine, r2: PlayerLine, timeOfRoundTwo: boolean): PlayerRound {
  for (const [i, f] of EXTENDED_FIELDS.entries()) {
    const now = orNaN(r2.extended[f.key]);
    if (f.kind !== 'cumulative' || (timeOfRoundTwo && i === TIME_PLAYED)) values[i] = now;
    else {
      const difference = now - orNaN(r1.extended[f.key]);
      values[i] = f.decimal ? oneDecimal(difference) : difference;
    }
  }
  // Time alive is a ratio over both rounds: (a2·t2 − a1·t1) / (t2 − t1), unknown without round-2 time.
  const t1 = r1.extended.time_played_min;
  const t2 = timeOfRoundTwo ? t1 + r2.extended.time_played_min : r2.extended.time_played_min;
  const a1 = r1.extended.time_alive_pct;
  const a2 = r2.extended.time_alive_pct;
  values[TIME_ALIVE] =
    t2 - t1 > 0 && a1 !== null && a2 !== null
      ? Math.min(100, Math.max(0, oneDecimal((a2 * t2 - a1 * t1) / (t2 - t1))))
      : Number.NaN;
  const weapons = weaponsDifference(r1, r2);
  const totals = weaponTotals(weapons);
  // Where both files carry field 20 it is their sum of shots: round 2's are its weapons' (knife shots
  // that fell count 0, as in the weapon figures), not the difference of the two field-20 values.
  if (!Number.isNaN(values[BULLETS] as number)) values[BULLETS] = totals.shots;
  return {
    guid: r2.guid,
    nameRaw: r2.nameRaw,
    name: r2.name,
    team: r2.team,
    bot: r2.bot,
    engineRounds: r2.rounds,
    joinedInR2: false,
    reconnected: false,
    leftEarly: false,
    totals: totalsOf(totals, figuresOf(values)),
    weapons,
  };
}

export interface DerivedMap {
  /** R1 as written, each player flagged `leftEarly` when absent from R2. */
  readonly round1: PlayerRound[];
  /** Round 2 alone: cumulative fields R2 − R1, per-round fields as written. */
  readonly round2: PlayerRound[];
  /** The R2 file held round 2 alone (every line taken as written). */
  readonly r2PerRound: boolean;
}

/**
 * Splits a stopwatch map into its two rounds (STATS_FORMAT.md, "Stopwatch"). Players are matched by
 * GUID; late joiners and reset players keep their R2 line as written; an R2 file that holds round 2
 * alone is taken as written throughout. No difference is ever stored below zero.
 */
export function deriveRoundTwo(r1: ParsedRound, r2: ParsedRound): DerivedMap {
  const before = new Map(r1.players.map((p) => [p.guid, p]));
  const inRoundTwo = new Set(r2.players.map((p) => p.guid));
  const round1 = r1.players.map((p) => asWritten(p, { leftEarly: !inRoundTwo.has(p.guid) }));
  const r2PerRound = holdsRoundTwoOnly(r1, r2);
  const movedOn = mostRoundsMovedOn(r1, r2);
  const round2 = r2.players.map((now) => {
    const was = before.get(now.guid);
    if (!was) return asWritten(now, { joinedInR2: true });
    if (r2PerRound) return asWritten(now);
    const ownTime = timeOfRoundTwo(r2);
    if (wasReset(was, now, movedOn, ownTime)) return asWritten(now, { reconnected: true });
    return roundTwoOnly(was, now, ownTime);
  });
  return { round1, round2, r2PerRound };
}

/** An R1 with no R2 (yet): a normal, complete round 1, as written; who left early is not known yet. */
export function roundOneAlone(r1: ParsedRound): PlayerRound[] {
  return r1.players.map((p) => asWritten(p, { leftEarly: null }));
}
