import type { RoundTeamNames } from './stats-lua/team-names.ts';
import type { ExtendedFigures, WeaponFigures } from './fields.ts';

/** 1 = Axis, 2 = Allies (the mod's side numbers). */
export type Side = 1 | 2;

/** What the file name says: `YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt`. */
export interface RoundFileName {
  readonly fileName: string;
  /** The game server's local wall clock, `YYYY-MM-DDTHH:MM:SS`, no zone. */
  readonly localTime: string;
  readonly map: string;
  readonly round: 1 | 2;
}

export interface RoundHeader {
  readonly serverName: string;
  readonly map: string;
  readonly config: string;
  readonly round: 1 | 2;
  readonly defender: Side;
  /** 0 = unknown. */
  readonly winner: 0 | Side;
  readonly timeLimitS: number;
  /** Field 8: R1 the attackers' time (the R2 limit), R2 the time R2 took; often 0 in R2. */
  readonly nextTimeLimitS: number;
  /** Field 9 in seconds (ms files are converted, floor), or null when absent or unknown (≤ 0). */
  readonly playtimeS: number | null;
  /** True for the 8-field header of mod v7 (no measured playtime). */
  readonly legacyHeader: boolean;
}

export interface WeaponLine extends WeaponFigures {
  /** Weapon id 0..27 (see WEAPON_NAMES). */
  readonly weapon: number;
}

export interface PlayerLine {
  /** What the player is filed under: a round file's 8 characters, or a stats.lua player's (see `fullGuid`). */
  readonly guid: string;
  /** stats.lua only: the player's whole 32-hex GUID, whatever `guid` files them under. */
  readonly fullGuid?: string;
  readonly nameRaw: string;
  /** The name with colour codes stripped. */
  readonly name: string;
  readonly rounds: number;
  /** 1 Axis, 2 Allies, 3 Spectator. */
  readonly team: 1 | 2 | 3;
  readonly bot: boolean;
  readonly weapons: readonly WeaponLine[];
  /** Figures the line's layout does not carry, and field 20 in a file where it is garbage, are null. */
  readonly extended: ExtendedFigures;
  /** How many extended fields the line really had: it tells the layout (38, 37, 36, 33…). */
  readonly extendedCount: number;
}

/** A stats file read as written: an R2 still holds its cumulative counters. */
export interface ParsedRound {
  readonly file: RoundFileName;
  readonly header: RoundHeader;
  /** Empty for a header-only file: an idle round (STATS_FORMAT.md, "What goes wrong"). */
  readonly players: readonly PlayerLine[];
  /** Field 20 equals the sum of weapon shots on every line; otherwise it is unknown in the whole file. */
  readonly bulletsKnown: boolean;
  /** The extended-field counts (layouts) of the file's lines, ascending; [] for an empty round. */
  readonly extFields: readonly number[];
  /**
   * `stats-lua`: read from a stats.lua payload, whose time played comes from the round's own events, so
   * it is round 2 alone in an R2 where a file's is both rounds' total. Absent: a round file.
   */
  readonly source?: 'stats-lua';
  /** stats.lua only: the instant the round ended (`round_end_unix`), the same whatever the server's zone. */
  readonly endedAtMs?: number;
  /** A stats.lua round's gather team names and which side was whose; absent when it gave none. */
  readonly teamNames?: RoundTeamNames;
}

export type ReadResult =
  | { readonly ok: true; readonly round: ParsedRound }
  | { readonly ok: false; readonly line: number; readonly reason: string };
