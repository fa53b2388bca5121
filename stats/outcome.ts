import type { RoundHeader } from './round.ts';

/** Where a round's duration came from, named as STATS_FORMAT.md names the sources. */
export type DurationSource = 'field 9' | 'field 8' | 'time played' | 'time limit';

export interface RoundDuration {
  /** Seconds, or null when nothing tells (an orphan R2 with a 0:00 field 8 that the attackers won). */
  readonly seconds: number | null;
  /** Only `field 9` is a measurement; the rest are the best fallback, in the spec's order. */
  readonly source: DurationSource | null;
}

/** A defenders' win whose players played this much less than the limit ended early (surrender, vote). */
const ENDED_EARLY_S = 6;

/**
 * How long a round took (STATS_FORMAT.md, "Outcomes and durations"), in this order: field 9 when
 * measured; the attackers' time (field 8) when they won inside the limit; the players' time P (60 × the
 * longest round-only time played), or the limit for a hold its players played to the end; with no
 * players' time, field 8 within the limit, else the limit for a hold, else unknown. `longestPlayerSeconds`
 * is P (for an R2: after deriving round 2), null when the round has no figures.
 */
export function roundDuration(
  header: RoundHeader,
  longestPlayerSeconds: number | null,
): RoundDuration {
  if (header.playtimeS !== null) return { seconds: header.playtimeS, source: 'field 9' };
  const limit = header.timeLimitS;
  const target = header.nextTimeLimitS;
  const won = header.winner === 0 ? null : header.winner !== header.defender;
  if (won !== false && target > 0 && target < limit) return { seconds: target, source: 'field 8' };
  const played =
    longestPlayerSeconds !== null && longestPlayerSeconds > 0 ? longestPlayerSeconds : null;
  if (played !== null) {
    if (won === true) return { seconds: played, source: 'time played' };
    if (played < limit - ENDED_EARLY_S) return { seconds: played, source: 'time played' };
    return { seconds: limit, source: 'time limit' };
  }
  if (target > 0 && target <= limit) return { seconds: target, source: 'field 8' };
  if (won !== true) return { seconds: limit, source: 'time limit' };
  return { seconds: null, source: null };
}

/**
 * Whether the attackers completed the objective: exactly when the winning side is not the
 * defending side. Only when the winner is unknown (0) does the clock decide.
 */
export function attackersWon(header: RoundHeader, durationSeconds: number | null): boolean {
  if (header.winner !== 0) return header.winner !== header.defender;
  return durationSeconds !== null && durationSeconds < header.timeLimitS;
}

export interface MapScore {
  /** The group that attacked in R1 (and defended in R2). */
  readonly first_attackers: number;
  readonly first_defenders: number;
}

/**
 * The game's stopwatch result (STATS_FORMAT.md, "Map result and score"): the round-2 winner wins the map,
 * 2–0 in map points. The round-2 attackers (the first defenders) win when they completed, since they beat
 * the first attackers' time; otherwise the first attackers win, unless they were held too: a double
 * fullhold is a 1–1 draw. Counting one point per round would call most completed-both maps 1–1.
 */
export function mapScore(roundOneAttackersWon: boolean, roundTwoAttackersWon: boolean): MapScore {
  if (roundTwoAttackersWon) return { first_attackers: 0, first_defenders: 2 };
  if (roundOneAttackersWon) return { first_attackers: 2, first_defenders: 0 };
  return { first_attackers: 1, first_defenders: 1 };
}
