/**
 * A Thurstone–Mosteller rating for stopwatch maps, updated by assumed-density filtering (the update
 * TrueSkill uses), with each player weighted by the share of the map they played.
 *
 * A map's performance difference is the first attackers' mean skill minus the first defenders' (each
 * player counted by the share they played, see lineup.ts), plus the side bias of the map and of
 * stopwatch as a whole, plus noise of spread β. The first attackers win when the difference is over
 * the draw margin, the second group when it is under minus it, and a double fullhold (1–1) is a draw.
 * Every player's skill is a Gaussian belief: its mean moves by how surprising the result was and by
 * the player's pull on it; its spread shrinks with each map and grows again with days away.
 */
import { cdf, drawCorrection, winCorrection } from './gaussian.ts';
import { type Lineup, lineupOf, type RatingMap, type UnratedReason } from './lineup.ts';

export interface Belief {
  readonly mu: number;
  /** Variance. */
  readonly sigma2: number;
  /** When this belief was last updated (ms); inactivity is counted from it. */
  readonly at: number;
}

export interface RatingParameters {
  /** A newcomer's spread of skill (the mean is 0). */
  readonly sigma0: number;
  /** Spread of one map's result around the lineups' difference. */
  readonly beta: number;
  /** Half-width of the difference that ends 1–1. */
  readonly drawMargin: number;
  /** Skill drift per map played (variance added before each). */
  readonly tau: number;
  /** Variance added per day away, up to a newcomer's. */
  readonly dailyDrift: number;
  /** Prior spread of the side biases (stopwatch as a whole, and each map). */
  readonly biasSigma: number;
}

/**
 * Chosen by log-loss on generated evenings of seed 7 (a grid; the optimum is flat around here), never on
 * the held-out seed `npm run bench -- rating` reports.
 */
export const DEFAULT_PARAMETERS: RatingParameters = {
  sigma0: 0.8,
  beta: 1.6,
  drawMargin: 0.3,
  tau: 0.02,
  dailyDrift: 0.004,
  biasSigma: 0.15,
};

/** Keys of the side biases in the state, beside player GUIDs (which are hex: no clash). */
export const SIDE_BIAS = '~side';
export const mapBiasKey = (map: string) => `~map:${map}`;

export type RatingState = Map<string, Belief>;

export interface Change {
  readonly key: string;
  readonly coefficient: number;
  readonly before: Belief;
  readonly after: Belief;
}

export interface MapRating {
  readonly id: number;
  readonly endedAt: number;
  readonly map: string;
  /** `rated`, or why not. */
  readonly status: 'rated' | UnratedReason;
  /** The first attackers' expected score (win 1, draw ½) before the map: null without a lineup. */
  readonly expected: number | null;
  /** Players' and biases' beliefs before and after (empty for an unrated map). */
  readonly changes: Change[];
}

const DAY_MS = 86_400_000;

/** A key's belief as of `at`: a newcomer's prior, or the last one widened by the days since. */
export function beliefAt(
  state: ReadonlyMap<string, Belief>,
  key: string,
  at: number,
  p: RatingParameters,
): Belief {
  const bias = key.startsWith('~');
  const prior = bias ? p.biasSigma ** 2 : p.sigma0 ** 2;
  const known = state.get(key);
  if (!known) return { mu: 0, sigma2: prior, at };
  if (bias) return { ...known, at };
  const days = Math.max(0, at - known.at) / DAY_MS;
  return { mu: known.mu, sigma2: Math.min(prior, known.sigma2 + p.dailyDrift * days), at };
}

interface Terms {
  readonly keys: { key: string; coefficient: number; belief: Belief }[];
  readonly mean: number;
  readonly spread: number;
}

function termsOf(
  state: ReadonlyMap<string, Belief>,
  lineup: Lineup,
  map: RatingMap,
  p: RatingParameters,
): Terms {
  const keys = [
    ...lineup.participants.map((x) => ({ key: x.guid, coefficient: x.coefficient })),
    { key: SIDE_BIAS, coefficient: 1 },
    { key: mapBiasKey(map.map), coefficient: 1 },
  ].map((k) => {
    const belief = beliefAt(state, k.key, map.endedAt, p);
    const drift = k.key.startsWith('~') ? 0 : p.tau ** 2;
    return { ...k, belief: { ...belief, sigma2: belief.sigma2 + drift } };
  });
  let mean = 0;
  let variance = p.beta ** 2;
  for (const k of keys) {
    mean += k.coefficient * k.belief.mu;
    variance += k.coefficient ** 2 * k.belief.sigma2;
  }
  return { keys, mean, spread: Math.sqrt(variance) };
}

/** The first attackers' expected score (win 1, draw ½) from the lineups' difference. */
function expectedScore(terms: Terms, p: RatingParameters): number {
  const t = terms.mean / terms.spread;
  const margin = p.drawMargin / terms.spread;
  const win = cdf(t - margin);
  const draw = cdf(margin - t) - cdf(-margin - t);
  return win + draw / 2;
}

/** Rates one map against the state, updating it in place. Reads the result only after predicting. */
export function rateMap(
  state: RatingState,
  map: RatingMap,
  p: RatingParameters = DEFAULT_PARAMETERS,
): MapRating {
  const base = { id: map.id, endedAt: map.endedAt, map: map.map };
  const lineup = lineupOf(map);
  if ('unrated' in lineup) return { ...base, status: lineup.unrated, expected: null, changes: [] };
  const terms = termsOf(state, lineup, map, p);
  const expected = expectedScore(terms, p);
  if (map.firstPoints === null) return { ...base, status: 'unknown winner', expected, changes: [] };
  const s = terms.spread;
  const t = terms.mean / s;
  const margin = p.drawMargin / s;
  // Seen from the first attackers: a loss is a win of the other group, so the difference flips.
  const sign = map.firstPoints === 2 ? 1 : map.firstPoints === 0 ? -1 : 0;
  const { v, w } = sign === 0 ? drawCorrection(t, margin) : winCorrection(sign * t - margin);
  const direction = sign === 0 ? 1 : sign;
  const changes = terms.keys.map(({ key, coefficient, belief }): Change => {
    const pull = (coefficient * belief.sigma2) / s;
    const after: Belief = {
      mu: belief.mu + direction * pull * v,
      sigma2: belief.sigma2 * (1 - ((coefficient ** 2 * belief.sigma2) / s ** 2) * w),
      at: map.endedAt,
    };
    state.set(key, after);
    return { key, coefficient, before: belief, after };
  });
  return { ...base, status: 'rated', expected, changes };
}

/**
 * Rates maps in the order they ended (ties by id), each predicted from the maps before it only.
 *
 * @example
 * rateMaps([{ id: 1, endedAt, map: 'supply', orphan: false, firstPoints: 2, durationS: 1200, players }])
 * // → [{ id: 1, status: 'rated', expected: 0.52, changes: [{ key: 'A1B2C3D4', before, after }, …] }]
 */
export function rateMaps(
  maps: readonly RatingMap[],
  p: RatingParameters = DEFAULT_PARAMETERS,
  state: RatingState = new Map(),
): MapRating[] {
  return [...maps]
    .sort((a, b) => a.endedAt - b.endedAt || a.id - b.id)
    .map((map) => rateMap(state, map, p));
}
