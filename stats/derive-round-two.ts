import { EXTENDED_FIELDS } from './fields.ts';
import {
  asWritten,
  CUMULATIVE_KEYS,
  figuresOf,
  oneDecimal,
  type PlayerRound,
  totalsOf,
  weaponTotals,
} from './figures.ts';
import type { ParsedRound, PlayerLine, WeaponLine } from './round.ts';

/**
 * True when a counter the R2 file holds cumulatively is lower than in R1: the player reconnected
 * between the rounds, the engine reset their counters, and the R2 line is round 2 alone.
 */
function countersWereReset(r1: PlayerLine, r2: PlayerLine): boolean {
  for (const key of CUMULATIVE_KEYS) if (r2.extended[key] < r1.extended[key]) return true;
  const after = new Map(r2.weapons.map((w) => [w.weapon, w]));
  for (const before of r1.weapons) {
    const now = after.get(before.weapon);
    if (!now) return true;
    if (now.hits < before.hits || now.shots < before.shots || now.kills < before.kills) return true;
    if (now.deaths < before.deaths || now.headshots < before.headshots) return true;
  }
  return false;
}

function weaponsDifference(r1: PlayerLine, r2: PlayerLine): WeaponLine[] {
  const before = new Map(r1.weapons.map((w) => [w.weapon, w]));
  const out: WeaponLine[] = [];
  for (const now of r2.weapons) {
    const was = before.get(now.weapon);
    const w = was
      ? {
          weapon: now.weapon,
          hits: now.hits - was.hits,
          shots: now.shots - was.shots,
          kills: now.kills - was.kills,
          deaths: now.deaths - was.deaths,
          headshots: now.headshots - was.headshots,
        }
      : now;
    if (w.hits || w.shots || w.kills || w.deaths || w.headshots) out.push(w);
  }
  return out;
}

/** One player's round-2-only extended values, reused from player to player (in EXTENDED_FIELDS order). */
const values = new Float64Array(EXTENDED_FIELDS.length);
const TIME_ALIVE = EXTENDED_FIELDS.findIndex((f) => f.key === 'time_alive_pct');
const TIME_PLAYED = EXTENDED_FIELDS.findIndex((f) => f.key === 'time_played_min');

/** Round 2 alone for a player present in both files with counters that only grew. */
function roundTwoOnly(r1: PlayerLine, r2: PlayerLine): PlayerRound {
  for (const [i, f] of EXTENDED_FIELDS.entries()) {
    const now = r2.extended[f.key];
    values[i] =
      f.kind !== 'cumulative'
        ? now
        : f.decimal
          ? oneDecimal(now - r1.extended[f.key])
          : now - r1.extended[f.key];
  }
  // Time alive is a percentage of time played over both rounds: split it by the minutes alive in each.
  const playedBefore = r1.extended.time_played_min;
  const playedNow = values[TIME_PLAYED] as number;
  const aliveNow =
    r2.extended.time_alive_pct * r2.extended.time_played_min -
    r1.extended.time_alive_pct * playedBefore;
  values[TIME_ALIVE] =
    playedNow > 0 ? Math.min(100, Math.max(0, oneDecimal(aliveNow / playedNow))) : 0;
  const weapons = weaponsDifference(r1, r2);
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
    totals: totalsOf(weaponTotals(weapons), figuresOf(values)),
    weapons,
  };
}

export interface DerivedMap {
  /** R1 as written, each player flagged `leftEarly` when absent from R2. */
  readonly round1: PlayerRound[];
  /** Round 2 alone: cumulative fields R2 − R1, per-round fields as written. */
  readonly round2: PlayerRound[];
}

/**
 * Splits a stopwatch map into its two rounds (STATS_FORMAT.md, "Stopwatch"). Players are matched by
 * GUID; late joiners and reconnected players keep their R2 line as written; nothing is ever clamped.
 */
export function deriveRoundTwo(r1: ParsedRound, r2: ParsedRound): DerivedMap {
  const before = new Map(r1.players.map((p) => [p.guid, p]));
  const inRoundTwo = new Set(r2.players.map((p) => p.guid));
  const round2 = r2.players.map((now) => {
    const was = before.get(now.guid);
    if (!was) return asWritten(now, { joinedInR2: true });
    if (countersWereReset(was, now)) return asWritten(now, { reconnected: true });
    return roundTwoOnly(was, now);
  });
  const round1 = r1.players.map((p) => asWritten(p, { leftEarly: !inRoundTwo.has(p.guid) }));
  return { round1, round2 };
}

/** An R1 with no R2 (yet): a normal, complete round 1, as written. */
export function roundOneAlone(r1: ParsedRound): PlayerRound[] {
  return r1.players.map((p) => asWritten(p));
}
