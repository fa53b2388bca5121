import { cdf } from './gaussian.ts';
import { DEFAULT_PARAMETERS, type RatingParameters } from './model.ts';

export interface BalancePlayer {
  readonly guid: string;
  readonly mu: number;
  readonly sigma2: number;
}

export interface Split {
  readonly teamA: string[];
  readonly teamB: string[];
  /** Team A's expected score (win 1, draw ½) over a map with every player on it for the whole map. */
  readonly chance: number;
}

/** The most players one split is searched for: 12 players give 924 even splits, a blink. */
export const MAX_BALANCE_PLAYERS = 12;

/** Team A's expected score from the model, without side bias: who attacks first is not chosen here. */
export function splitChance(
  a: readonly BalancePlayer[],
  b: readonly BalancePlayer[],
  p: RatingParameters = DEFAULT_PARAMETERS,
): number {
  let mean = 0;
  let variance = p.beta ** 2;
  for (const [team, sign] of [
    [a, 1],
    [b, -1],
  ] as const)
    for (const x of team) {
      mean += (sign * x.mu) / team.length;
      variance += x.sigma2 / team.length ** 2;
    }
  const s = Math.sqrt(variance);
  const t = mean / s;
  const margin = p.drawMargin / s;
  return cdf(t - margin) + (cdf(margin - t) - cdf(-margin - t)) / 2;
}

/**
 * Every split into two teams of equal size (one apart for an odd count), fairest first (chance closest
 * to ½); `count` of them. The first player is always in team A, so a split and its mirror are one.
 */
export function fairestSplits(players: readonly BalancePlayer[], count = 3): Split[] {
  if (players.length < 2 || players.length > MAX_BALANCE_PLAYERS)
    throw new RangeError(
      `a split needs 2 to ${MAX_BALANCE_PLAYERS} players, got ${players.length}`,
    );
  const n = players.length;
  const sizes = new Set([Math.floor(n / 2), Math.ceil(n / 2)]);
  const splits: Split[] = [];
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    // Bit i set: player i + 1 joins player 0 in team A.
    const a = [players[0] as BalancePlayer];
    const b: BalancePlayer[] = [];
    for (let i = 1; i < n; i++) ((mask >> (i - 1)) & 1 ? a : b).push(players[i] as BalancePlayer);
    if (!sizes.has(a.length)) continue;
    splits.push({
      teamA: a.map((x) => x.guid),
      teamB: b.map((x) => x.guid),
      chance: splitChance(a, b),
    });
  }
  return splits
    .sort(
      (x, y) =>
        Math.abs(x.chance - 0.5) - Math.abs(y.chance - 0.5) ||
        x.teamA.join().localeCompare(y.teamA.join()),
    )
    .slice(0, count);
}
