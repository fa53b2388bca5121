import type { ExtendedKey, MaybeKnownKey } from '../stats/fields.ts';

/**
 * The shape of `../shared/corpus/truth.json`, of `../shared/realdata/expected.json` and of the
 * generator's truth (generator/index.ts): what a correct reader and round-2 derivation must conclude
 * from a set of round files. Keys marked "newer" are absent from the older truth.json.
 */

export interface TruthWeapon {
  hits: number;
  shots: number;
  kills: number;
  deaths: number;
  /** Headshot hits. */
  headshots: number;
}

/**
 * The extended figures truth carries per player and round, in every truth file. Left out: the
 * mod-derived ones (DPM, K/D, tank score, time dead %); time alive % and bullets fired are the newer
 * `time_alive_pct` and `bullets_fired`.
 */
export const TRUTH_EXTENDED_KEYS = [
  'damage_given',
  'damage_received',
  'team_damage_given',
  'team_damage_received',
  'gibs',
  'self_kills',
  'team_kills',
  'team_gibs',
  'xp',
  'killing_spree',
  'death_spree',
  'kill_assists',
  'kill_steals',
  'headshot_kills',
  'objectives_stolen',
  'objectives_returned',
  'dynamites_planted',
  'dynamites_defused',
  'times_revived',
  'time_played_min',
  'time_dead_min',
  'useful_kills',
  'denied_playtime',
  'multikill_2x',
  'multikill_3x',
  'multikill_4x',
  'multikill_5x',
  'multikill_6x',
  'useless_kills',
  'full_selfkills',
  'repairs_constructions',
  'revives_given',
] as const satisfies readonly ExtendedKey[];

/** Sums over the weapon entries (`headshot_hits` is the sum of weapon headshots). */
export const TRUTH_WEAPON_TOTAL_KEYS = [
  'kills',
  'deaths',
  'hits',
  'shots',
  'headshot_hits',
] as const;

/** Minutes (one decimal) are compared within 0.1; every other figure exactly. */
export const TRUTH_MINUTE_KEYS = ['time_played_min', 'time_dead_min'] as const;

export type TruthFigureKey =
  | (typeof TRUTH_EXTENDED_KEYS)[number]
  | (typeof TRUTH_WEAPON_TOTAL_KEYS)[number];
/** Figures a file can leave unknown (a layout without them): null, never 0. */
export type TruthMaybeKnownKey = Extract<TruthFigureKey, MaybeKnownKey>;

/** One player's true figures for one round alone (an R2 entry is round 2 only, never cumulative). */
export type TruthPlayer = Record<Exclude<TruthFigureKey, TruthMaybeKnownKey>, number> &
  Record<TruthMaybeKnownKey, number | null> & {
    /** The raw name with colour codes, as the line holds it (decoded UTF-8, or Latin-1 when invalid). */
    name: string;
    team: 1 | 2 | 3;
    bot: boolean;
    /** Per `WS_` weapon name; only weapons with a non-zero figure in this round. */
    weapons: Record<string, TruthWeapon>;
    /**
     * Newer: time alive, % of this round's time played (one decimal; compared within 0.1). For a
     * continuing player's round 2 it comes from both files' ratios; null without round-2 time played.
     */
    time_alive_pct?: number | null;
    /** Newer: the round's sum of shots where the file's field 20 is valid; null where it is garbage. */
    bullets_fired?: number | null;
    /** R1 entries: absent from the paired R2; null when the R1 has no R2 (older truth: false). */
    left_early?: boolean | null;
    /** R2 entries: absent from R1, so the R2 line is already round 2 alone. */
    joined_in_r2?: boolean;
    /** R2 entries: counters were reset between the rounds, so the R2 line is round 2 alone. */
    reconnected?: boolean;
  };

export interface TruthMapScore {
  /** Points of the group that attacked in R1. */
  first_attackers: number;
  first_defenders: number;
}

/** Where a round's duration came from, as STATS_FORMAT.md names the sources (stats/outcome.ts). */
export type TruthDurationSource = 'field 9' | 'field 8' | 'time played' | 'time limit';

export interface TruthRound {
  file: string;
  map: string;
  round: 1 | 2;
  /** The R1 file name without `-round-1.txt`, the same on its R2; null for an orphan R2. */
  match: string | null;
  defender: 1 | 2;
  /** Field 6 as written: 0 unknown, 1 Axis, 2 Allies. */
  winner: 0 | 1 | 2;
  /** Field 7 as written, `M:SS`. */
  timelimit: string;
  /**
   * Seconds, from the first source of STATS_FORMAT.md "Outcomes and durations" that tells (older truth:
   * the true duration); null when none does.
   */
  duration_s: number | null;
  /** Newer: the source of `duration_s`; null when it is null. */
  duration_source?: TruthDurationSource | null;
  legacy_header: boolean;
  /** Newer: a header-only file (an idle round): `players` is {}, no map score, in no session. */
  empty?: boolean;
  /** Newer: the extended-field counts of the file's lines, ascending ([] for an empty round). */
  ext_fields?: number[];
  /** Newer: field 20 equals the sum of shots on every line, so bullets fired is known. */
  bullets_known?: boolean;
  /** R2 only. */
  orphan?: boolean;
  /** R2 only: true when the file's numbers are match totals that cannot be split (an orphan). */
  cumulative_as_written?: boolean;
  /** Newer, R2 only: the file holds round 2 alone (false for a cumulative one, null for an orphan). */
  r2_per_round?: boolean | null;
  /** R2 of a complete map only. */
  map_score?: TruthMapScore;
  /** Per GUID; null for an orphan R2 with players, {} for an empty round. */
  players: Record<string, TruthPlayer> | null;
}

export interface TruthSession {
  /** File names in play order. */
  rounds: string[];
  /** Human GUIDs, sorted. */
  players: string[];
}

export interface Truth {
  /** One entry per readable file, sorted by file name (which is play order). */
  rounds: TruthRound[];
  sessions: TruthSession[];
  /** Per GUID: every name it used, oldest first. */
  players: Record<string, { names: string[]; bot: boolean }>;
  /** File names that are not readable rounds. */
  malformed: string[];
  /** Newer: a copy's path (`crlf/<name>`) → the round file it repeats (same round, stored once). */
  duplicates?: Record<string, string>;
  /** Newer: a companion's path (`companions/<name>`) → its round file, null when that is absent. */
  companions?: Record<string, string | null>;
}
