/**
 * Who played a map for which group, and whether the map can be rated at all.
 *
 * In stopwatch the group that attacks in R1 defends in R2: a player's group in a round follows from
 * their side and the round (on the attacking side in R1, or the defending side in R2, is the first
 * group), so the two groups are followed across the side swap by who stayed. A player's weight in a
 * group is the share of the map's time they played there; someone who switched groups counts in both
 * for the time they gave each.
 */

/** One player's time on a map, as the stored rounds say it. */
export interface MapPlayer {
  readonly guid: string;
  readonly bot: boolean;
  /** Seconds played in the first attackers' group (R1 attacking, R2 defending), over both rounds. */
  readonly firstS: number;
  /** Seconds played in the first defenders' group. */
  readonly secondS: number;
}

/** A map play to rate: the unit stopwatch decides. */
export interface RatingMap {
  readonly id: number;
  /** When the map ended (ms): the order maps are rated and predicted in. */
  readonly endedAt: number;
  readonly map: string;
  /** An R2 with no R1: its players' figures cannot be split into rounds. */
  readonly orphan: boolean;
  /** The first attackers' stopwatch points: 2 won, 0 lost, 1 a double fullhold; null while unknown. */
  readonly firstPoints: 0 | 1 | 2 | null;
  /** Both rounds' length (seconds): shares of the map are time played over this. */
  readonly durationS: number;
  readonly players: readonly MapPlayer[];
}

export type UnratedReason = 'bots' | 'too few players' | 'lopsided' | 'unknown winner' | 'orphan';

/** A player's pull on the map: + for the first attackers, − for the first defenders, by share played. */
export interface Participant {
  readonly guid: string;
  /** Share of the map in the first group minus the share in the second, each over its group's size. */
  readonly coefficient: number;
  /** Share of the map played (both groups), 0–1. */
  readonly share: number;
}

export interface Lineup {
  readonly participants: Participant[];
  /** Effective group sizes: the sum of the shares played in each. */
  readonly firstSize: number;
  readonly secondSize: number;
}

/** Fewer humans than this in a group (counted by share played) and the map says little about anyone. */
export const MIN_GROUP = 2;
/** Groups this many effective players apart are no contest of skill. */
export const MAX_SIZE_GAP = 1.5;
/** A player who played less than this share of a map is left out of it (a glance at the server). */
const MIN_SHARE = 0.05;

const clampShare = (seconds: number, total: number) => Math.min(1, Math.max(0, seconds / total));

/** The lineup of a map, or why it cannot be rated. `unknown winner` is left to the caller: a map with a
 * lineup but no result can still be predicted. */
export function lineupOf(map: RatingMap): Lineup | { readonly unrated: UnratedReason } {
  if (map.orphan) return { unrated: 'orphan' };
  if (map.players.some((p) => p.bot && p.firstS + p.secondS > 0)) return { unrated: 'bots' };
  const total = map.durationS > 0 ? map.durationS : 1;
  const shares = map.players
    .map((p) => ({
      guid: p.guid,
      first: clampShare(p.firstS, total),
      second: clampShare(p.secondS, total),
    }))
    .filter((p) => p.first + p.second >= MIN_SHARE);
  const firstSize = shares.reduce((sum, p) => sum + p.first, 0);
  const secondSize = shares.reduce((sum, p) => sum + p.second, 0);
  if (Math.min(firstSize, secondSize) < MIN_GROUP - 0.5) return { unrated: 'too few players' };
  if (Math.abs(firstSize - secondSize) > MAX_SIZE_GAP) return { unrated: 'lopsided' };
  const participants = shares
    .map((p) => ({
      guid: p.guid,
      coefficient: p.first / firstSize - p.second / secondSize,
      share: Math.min(1, p.first + p.second),
    }))
    .sort((a, b) => (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0));
  return { participants, firstSize, secondSize };
}
