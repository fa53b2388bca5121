/**
 * The part of Oksii's stats.lua round JSON (`luascripts/README.md` in Oksii/legacy-configs) that the round
 * model reads. The Worker checks the shape with a schema before anything is stored; the reader trusts
 * that shape and checks only what a schema cannot: that the fields agree with each other.
 */

export interface StatsLuaRoundInfo {
  readonly servername?: string;
  readonly config?: string;
  readonly matchID?: string;
  readonly mapname: string;
  readonly round: number;
  readonly defenderteam: number;
  readonly winnerteam: number;
  /** `M:SS`. */
  readonly timelimit: string;
  readonly nextTimeLimit: string;
  /** Level time, ms. */
  readonly round_start: number;
  readonly round_end: number;
  /** Unix seconds. */
  readonly round_start_unix: number;
  readonly round_end_unix: number;
}

export interface StatsLuaPlayer {
  /** The first 8 characters of the full GUID the entry is keyed by. */
  readonly guid: string;
  readonly name: string;
  readonly rounds: string | number;
  readonly team: string | number;
  /** The c0rnp0rn player string from the weapon mask on, split at blanks. */
  readonly weaponStats: readonly string[];
}

export interface StatsLuaScores {
  readonly alpha?: number;
  readonly beta?: number;
  readonly alpha_teamname?: string | null;
  readonly beta_teamname?: string | null;
  readonly round?: { readonly round_num?: number; readonly alpha_side?: number };
}

export interface StatsLuaMetadata {
  readonly servername?: string;
  readonly config?: string;
  readonly matchID?: string;
  readonly scores?: StatsLuaScores | null;
}

/** One `gamelog` event: the common fields and whatever its label carries. */
export interface StatsLuaEvent {
  readonly label: string;
  readonly leveltime: number;
  readonly round_id?: number;
  readonly match_id?: string;
  readonly [field: string]: unknown;
}

export interface StatsLuaPayload {
  readonly round_info: StatsLuaRoundInfo;
  /** Keyed by the full 32-hex GUID. */
  readonly player_stats: Readonly<Record<string, StatsLuaPlayer>>;
  readonly metadata?: StatsLuaMetadata;
  readonly gamelog?: readonly StatsLuaEvent[];
}
