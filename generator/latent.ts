import type { Person } from './people.ts';
import { createRandom } from './random.ts';

/**
 * Opt-in latent strength: each person gets a hidden strength that, with noise, a side bias per map
 * and partial play, decides who completes the objective. Off by default, so the sample corpus and every
 * test built on it keep their bytes; the rating evaluation (`npm run bench -- rating`) turns it on to
 * have a truth to predict.
 */
export interface LatentOptions {
  /** Log-odds of completing per unit of strength the attacking lineup has over the defending one. */
  readonly sharpness?: number;
  /** Spread (log-odds) of the per-map bias towards the attackers. */
  readonly mapBias?: number;
}

const SKILL_SPREAD = 0.289; // standard deviation of log(skill), uniform in [-0.5, 0.5]
/** How much of a person's strength their kill rate shows: K/D is evidence, not the truth. */
const SKILL_CORRELATION = 0.5;

/** A standard normal from two uniforms (Box–Muller). */
function normal(next: () => number): number {
  const u = 1 - next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/**
 * Each person's strength (mean 0, spread 1), partly their kill-rate skill, partly independent. Drawn from
 * a stream of its own (seeded from `seed`), so turning it on does not move any other draw.
 */
export function latentStrengths(people: readonly Person[], seed: number): Map<string, number> {
  const random = createRandom(seed ^ 0x1a7e57);
  const rest = Math.sqrt(1 - SKILL_CORRELATION ** 2);
  return new Map(
    people.map((p) => [
      p.guid,
      SKILL_CORRELATION * (Math.log(p.skill) / SKILL_SPREAD) + rest * normal(() => random.next()),
    ]),
  );
}

/** A map's bias towards its attackers, fixed per map name (a stable hash, no draw). */
export function mapBiasOf(name: string, spread: number): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 16777619);
  return ((h >>> 0) / 2 ** 32 - 0.5) * 2 * spread;
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** A lineup's strength: the mean of its players' strengths, each counted by the share they played. */
export function lineupStrength(players: readonly { strength: number; share: number }[]): number {
  let sum = 0;
  let weight = 0;
  for (const p of players) {
    sum += p.strength * p.share;
    weight += p.share;
  }
  return weight === 0 ? 0 : sum / weight;
}

/**
 * The chance that the attackers complete: the base rate moved by the lineups' difference and the map's
 * bias; in R2 a target time shorter than the map's limit makes it harder in proportion.
 */
export function attackChance(input: {
  readonly base: number;
  readonly sharpness: number;
  readonly attackers: number;
  readonly defenders: number;
  readonly bias: number;
  /** The round's limit over the map's (R2's target time), 1 in R1. */
  readonly timeShare: number;
}): number {
  const time = Math.log(Math.max(0.05, input.timeShare));
  return logistic(
    logit(input.base) + input.sharpness * (input.attackers - input.defenders) + input.bias + time,
  );
}
