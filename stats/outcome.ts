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
  if (header.winner !== 0 && header.winner === header.defender) return { seconds: header.timeLimitS, source: 'time_limit' };
  if (longestPlayerSeconds > 0) {
    return { seconds: Math.min(Math.round(longestPlayerSeconds), header.timeLimitS), source: 'player_times' };
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

/** Stopwatch scoring: each round is a point to its attackers if they completed, else to its defenders. */
export function mapScore(roundOneAttackersWon: boolean, roundTwoAttackersWon: boolean): MapScore {
  return {
    first_attackers: (roundOneAttackersWon ? 1 : 0) + (roundTwoAttackersWon ? 0 : 1),
    first_defenders: (roundOneAttackersWon ? 0 : 1) + (roundTwoAttackersWon ? 1 : 0),
  };
}
