import { killDeathRatio } from './metrics.ts';

/**
 * The achievements (the previous bot's thresholds). Progress counts a player's ranked rounds (see
 * worker/recompute/metrics.ts: humans, rounds not mostly bots) in play order, so the round that
 * unlocks one is the same whatever order the files arrived in.
 */
export type AchievementKind = 'kills' | 'rounds' | 'kd';

export interface Achievement {
  /** Stable identifier stored with each unlock: `kills_1000`, `rounds_50`, `kd_1.5`. */
  readonly id: string;
  readonly kind: AchievementKind;
  readonly threshold: number;
  /** Rounds a player must have played before it can unlock (K/D only). */
  readonly minRounds: number;
  readonly title: string;
  readonly description: string;
}

const KILLS = [100, 500, 1_000, 2_500, 5_000, 10_000];
const ROUNDS = [10, 50, 100, 250, 500, 1_000];
const KD = [1.0, 1.5, 2.0, 3.0];
/** K/D achievements need this many rounds, so one lucky round unlocks nothing. */
export const KD_MIN_ROUNDS = 20;

const thousands = (n: number) => n.toLocaleString('en-US');

export const ACHIEVEMENTS: readonly Achievement[] = [
  ...KILLS.map((n) => ({
    id: `kills_${n}`,
    kind: 'kills' as const,
    threshold: n,
    minRounds: 0,
    title: `${thousands(n)} kills`,
    description: `Reach ${thousands(n)} kills.`,
  })),
  ...ROUNDS.map((n) => ({
    id: `rounds_${n}`,
    kind: 'rounds' as const,
    threshold: n,
    minRounds: 0,
    title: `${thousands(n)} rounds`,
    description: `Play ${thousands(n)} rounds.`,
  })),
  ...KD.map((x) => ({
    id: `kd_${x.toFixed(1)}`,
    kind: 'kd' as const,
    threshold: x,
    minRounds: KD_MIN_ROUNDS,
    title: `K/D ${x.toFixed(1)}`,
    description: `Have a K/D of at least ${x.toFixed(1)} after ${KD_MIN_ROUNDS} or more rounds.`,
  })),
];

export const ACHIEVEMENT_BY_ID: ReadonlyMap<string, Achievement> = new Map(
  ACHIEVEMENTS.map((a) => [a.id, a]),
);

/** One round of one player, in play order. */
export interface ProgressRound<R> {
  readonly round: R;
  readonly kills: number;
  readonly deaths: number;
}

export interface Unlock<R> {
  readonly id: string;
  /** The round whose figures first met the threshold. */
  readonly round: R;
  /** How many rounds the player had played by then (1-based). */
  readonly roundNumber: number;
}

/**
 * Which achievements a player's rounds (in play order) unlock, and in which round: the first round
 * after which the running total meets the threshold. Once met, an achievement stays unlocked even if
 * the K/D later drops.
 */
export function unlocks<R>(rounds: readonly ProgressRound<R>[]): Unlock<R>[] {
  const found: Unlock<R>[] = [];
  const pending = new Set(ACHIEVEMENTS);
  let kills = 0;
  let deaths = 0;
  for (const [i, r] of rounds.entries()) {
    kills += r.kills;
    deaths += r.deaths;
    const played = i + 1;
    for (const a of pending) {
      const value =
        a.kind === 'kills'
          ? kills
          : a.kind === 'rounds'
            ? played
            : killDeathRatio({
                kills,
                deaths,
                hits: 0,
                shots: 0,
                headshot_hits: 0,
                damage_given: 0,
                time_played_min: 0,
              });
      if (played >= a.minRounds && value >= a.threshold) {
        found.push({ id: a.id, round: r.round, roundNumber: played });
        pending.delete(a);
      }
    }
    if (pending.size === 0) break;
  }
  return found;
}
