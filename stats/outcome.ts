import type { RoundHeader } from './round.ts';

export type DurationSource = 'measured' | 'target_time' | 'time_limit' | 'player_times';

export interface RoundDuration {
  readonly seconds: number;
  /** Where the figure came from: only `measured` is a measurement (field 9); the rest are the best fallback. */
  readonly source: DurationSource;
}

/**
 * How long a round took (STATS_FORMAT.md, "Outcomes and durations"). `longestPlayerSeconds` is the
 * longest time any player played in this round alone (for an R2: after deriving round 2).
 */
export function roundDuration(header: RoundHeader, longestPlayerSeconds: number): RoundDuration {
  if (header.playtimeS !== null) return { seconds: header.playtimeS, source: 'measured' };
  // Field 8 is the stopwatch target: R1 the attackers' time (the limit on a fullhold), R2 the time
  // it took. 0:00 (R2 quirk) or more than the limit (after a restart) carry nothing.
  const target = header.nextTimeLimitS;
  if (target > 0 && target <= header.timeLimitS) return { seconds: target, source: 'target_time' };
  if (header.winner !== 0 && header.winner === header.defender)
    return { seconds: header.timeLimitS, source: 'time_limit' };
  if (longestPlayerSeconds > 0) {
    return {
      seconds: Math.min(Math.round(longestPlayerSeconds), header.timeLimitS),
      source: 'player_times',
    };
  }
  return { seconds: header.timeLimitS, source: 'time_limit' };
}

/**
 * Whether the attackers completed the objective: exactly when the winning side is not the
 * defending side. Only when the winner is unknown (0) does the clock decide.
 */
export function attackersWon(header: RoundHeader, durationSeconds: number): boolean {
  if (header.winner !== 0) return header.winner !== header.defender;
  return durationSeconds < header.timeLimitS;
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
