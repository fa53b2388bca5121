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

/**
 * The extended figures as one object literal, in EXTENDED_FIELDS order; NaN in `v` is an unknown figure
 * (null). V8 builds objects this wide slowly when they are filled key by key or merged from two spreads:
 * measured 40–100 µs a player that way, most of an import's JavaScript time, against about 1 µs
 * (read.test.ts checks each key gets its own field).
 */
export function figuresOf(v: ArrayLike<number>): ExtendedFigures {
  const at = (i: number) => v[i] as number;
  const maybe = (i: number) => {
    const x = v[i] as number;
    return Number.isNaN(x) ? null : x;
  };
  return {
    damage_given: at(0),
    damage_received: at(1),
    team_damage_given: at(2),
    team_damage_received: at(3),
    gibs: at(4),
    self_kills: at(5),
    team_kills: at(6),
    team_gibs: at(7),
    time_alive_pct: maybe(8),
    xp: at(9),
    killing_spree: at(10),
    death_spree: at(11),
    kill_assists: at(12),
    kill_steals: at(13),
    headshot_kills: at(14),
    objectives_stolen: at(15),
    objectives_returned: at(16),
    dynamites_planted: at(17),
    dynamites_defused: at(18),
    times_revived: at(19),
    bullets_fired: maybe(20),
    mod_dpm: at(21),
    time_played_min: at(22),
    mod_tank_score: at(23),
    mod_time_dead_pct: at(24),
    time_dead_min: at(25),
    mod_kd: at(26),
    useful_kills: at(27),
    denied_playtime: maybe(28),
    multikill_2x: maybe(29),
    multikill_3x: maybe(30),
    multikill_4x: maybe(31),
    multikill_5x: maybe(32),
    multikill_6x: maybe(33),
    useless_kills: maybe(34),
    full_selfkills: maybe(35),
    repairs_constructions: maybe(36),
    revives_given: maybe(37),
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
