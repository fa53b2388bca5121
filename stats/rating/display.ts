import { beliefAt, DEFAULT_PARAMETERS, type RatingState } from './model.ts';

/** Rated maps a player needs before they are ranked: before that, the rating is mostly the prior. */
export const MIN_RATED_MAPS = 10;

/**
 * The rating as players see it: 1500 for a newcomer, 200 points per unit of skill (a player 200 above
 * another, in otherwise even lineups, is a clear favourite), and its uncertainty (one spread) in the same
 * points, widened by the days since the player last played.
 */
export function ratingPoints(
  belief: { mu: number; sigma2: number; at: number },
  now: number,
): { rating: number; uncertainty: number } {
  const state: RatingState = new Map([['player', belief]]);
  const widened = beliefAt(state, 'player', Math.max(now, belief.at), DEFAULT_PARAMETERS);
  return {
    rating: Math.round(1500 + 200 * widened.mu),
    uncertainty: Math.round(200 * Math.sqrt(widened.sigma2)),
  };
}
