import { EXTENDED_FIELDS, type ExtendedFigures } from './fields.ts';
import type { PlayerLine, WeaponLine } from './round.ts';

/** Counters summed over a player's weapons (kills and deaths are not written elsewhere). */
export interface WeaponTotals {
  readonly kills: number;
  readonly deaths: number;
  readonly hits: number;
  readonly shots: number;
  readonly headshot_hits: number;
}

export type Totals = WeaponTotals & ExtendedFigures;

/** One player's figures for one round alone, as stored (an R2 entry is round 2 only). */
export interface PlayerRound {
  readonly guid: string;
  readonly nameRaw: string;
  readonly name: string;
  readonly team: 1 | 2 | 3;
  readonly bot: boolean;
  readonly engineRounds: number;
  readonly joinedInR2: boolean;
  readonly reconnected: boolean;
  /** R1 only: absent from its R2; null while the R1 has no R2 (not known yet). */
  readonly leftEarly: boolean | null;
  readonly totals: Totals;
  readonly weapons: readonly WeaponLine[];
}

export function weaponTotals(weapons: readonly WeaponLine[]): WeaponTotals {
  let kills = 0;
  let deaths = 0;
  let hits = 0;
  let shots = 0;
  let headshots = 0;
  for (const w of weapons) {
    kills += w.kills;
    deaths += w.deaths;
    hits += w.hits;
    shots += w.shots;
    headshots += w.headshots;
  }
  return { kills, deaths, hits, shots, headshot_hits: headshots };
}

/** NaN stands for an unknown figure in the arrays figures are read into. */
const orNull = (x: number) => (Number.isNaN(x) ? null : x);

/**
 * The extended figures as one object literal, in EXTENDED_FIELDS order, from `v` at offset `o`; NaN in
 * `v` is an unknown figure (null). V8 builds objects this wide slowly when they are filled key by key
 * or merged from two spreads: measured 40–100 µs a player that way, most of an import's JavaScript
 * time, against about 1 µs (read.test.ts checks each key gets its own field). No closure is made per
 * call: this runs for every player line read.
 */
export function figuresOf(v: ArrayLike<number>, o = 0): ExtendedFigures {
  return {
    damage_given: v[o + 0] as number,
    damage_received: v[o + 1] as number,
    team_damage_given: v[o + 2] as number,
    team_damage_received: v[o + 3] as number,
    gibs: v[o + 4] as number,
    self_kills: v[o + 5] as number,
    team_kills: v[o + 6] as number,
    team_gibs: v[o + 7] as number,
    time_alive_pct: orNull(v[o + 8] as number),
    xp: v[o + 9] as number,
    killing_spree: v[o + 10] as number,
    death_spree: v[o + 11] as number,
    kill_assists: v[o + 12] as number,
    kill_steals: orNull(v[o + 13] as number),
    headshot_kills: v[o + 14] as number,
    objectives_stolen: v[o + 15] as number,
    objectives_returned: v[o + 16] as number,
    dynamites_planted: v[o + 17] as number,
    dynamites_defused: v[o + 18] as number,
    times_revived: v[o + 19] as number,
    bullets_fired: orNull(v[o + 20] as number),
    mod_dpm: orNull(v[o + 21] as number),
    time_played_min: v[o + 22] as number,
    mod_tank_score: orNull(v[o + 23] as number),
    mod_time_dead_pct: orNull(v[o + 24] as number),
    time_dead_min: v[o + 25] as number,
    mod_kd: orNull(v[o + 26] as number),
    useful_kills: orNull(v[o + 27] as number),
    denied_playtime: orNull(v[o + 28] as number),
    multikill_2x: orNull(v[o + 29] as number),
    multikill_3x: orNull(v[o + 30] as number),
    multikill_4x: orNull(v[o + 31] as number),
    multikill_5x: orNull(v[o + 32] as number),
    multikill_6x: orNull(v[o + 33] as number),
    useless_kills: orNull(v[o + 34] as number),
    full_selfkills: orNull(v[o + 35] as number),
    repairs_constructions: orNull(v[o + 36] as number),
    revives_given: orNull(v[o + 37] as number),
  };
}

/** Weapon counters and extended figures as one object literal (see figuresOf). */
export function totalsOf(w: WeaponTotals, e: ExtendedFigures): Totals {
  return {
    kills: w.kills,
    deaths: w.deaths,
    hits: w.hits,
    shots: w.shots,
    headshot_hits: w.headshot_hits,
    damage_given: e.damage_given,
    damage_received: e.damage_received,
    team_damage_given: e.team_damage_given,
    team_damage_received: e.team_damage_received,
    gibs: e.gibs,
    self_kills: e.self_kills,
    team_kills: e.team_kills,
    team_gibs: e.team_gibs,
    time_alive_pct: e.time_alive_pct,
    xp: e.xp,
    killing_spree: e.killing_spree,
    death_spree: e.death_spree,
    kill_assists: e.kill_assists,
    kill_steals: e.kill_steals,
    headshot_kills: e.headshot_kills,
    objectives_stolen: e.objectives_stolen,
    objectives_returned: e.objectives_returned,
    dynamites_planted: e.dynamites_planted,
    dynamites_defused: e.dynamites_defused,
    times_revived: e.times_revived,
    bullets_fired: e.bullets_fired,
    mod_dpm: e.mod_dpm,
    time_played_min: e.time_played_min,
    mod_tank_score: e.mod_tank_score,
    mod_time_dead_pct: e.mod_time_dead_pct,
    time_dead_min: e.time_dead_min,
    mod_kd: e.mod_kd,
    useful_kills: e.useful_kills,
    denied_playtime: e.denied_playtime,
    multikill_2x: e.multikill_2x,
    multikill_3x: e.multikill_3x,
    multikill_4x: e.multikill_4x,
    multikill_5x: e.multikill_5x,
    multikill_6x: e.multikill_6x,
    useless_kills: e.useless_kills,
    full_selfkills: e.full_selfkills,
    repairs_constructions: e.repairs_constructions,
    revives_given: e.revives_given,
  };
}

/** A line's figures exactly as written (an R1, a late joiner's or a reconnected player's R2 line). */
export function asWritten(
  line: PlayerLine,
  flags: { joinedInR2?: boolean; reconnected?: boolean; leftEarly?: boolean | null } = {},
): PlayerRound {
  return {
    guid: line.guid,
    nameRaw: line.nameRaw,
    name: line.name,
    team: line.team,
    bot: line.bot,
    engineRounds: line.rounds,
    joinedInR2: flags.joinedInR2 ?? false,
    reconnected: flags.reconnected ?? false,
    leftEarly: flags.leftEarly === undefined ? false : flags.leftEarly,
    totals: totalsOf(weaponTotals(line.weapons), line.extended),
    weapons: line.weapons,
  };
}

/** Rounds a difference of one-decimal values back to one decimal (10.0 − 5.3 is 4.7, not 4.699999). */
export function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

export const CUMULATIVE_KEYS = EXTENDED_FIELDS.filter((f) => f.kind === 'cumulative').map(
  (f) => f.key,
);
