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
  readonly leftEarly: boolean;
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

/** A line's figures exactly as written (an R1, a late joiner's or a reconnected player's R2 line). */
export function asWritten(
  line: PlayerLine,
  flags: { joinedInR2?: boolean; reconnected?: boolean; leftEarly?: boolean } = {},
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
    leftEarly: flags.leftEarly ?? false,
    totals: { ...weaponTotals(line.weapons), ...line.extended },
    weapons: line.weapons,
  };
}

/** Rounds a difference of one-decimal values back to one decimal (10.0 − 5.3 is 4.7, not 4.699999). */
export function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

export const CUMULATIVE_KEYS = EXTENDED_FIELDS.filter((f) => f.kind === 'cumulative').map((f) => f.key);
