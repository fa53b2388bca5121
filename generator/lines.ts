import { EXTENDED_FIELDS, WEAPON_COUNT } from '../stats/fields.ts';
import { EXT, type RoundFigures } from './figures.ts';
import { DENIED_TIME, garbageBullets } from './layout.ts';
import type { ServerProfile } from './match-input.ts';
import type { Random } from './random.ts';
import { fillModFields } from './write.ts';

// What one player line of a round file holds, given what the player really did: an R2 line of a
// continuing player carries round 1 in its cumulative fields (STATS_FORMAT.md, "Stopwatch").

/** The arrays a line is written from (tenths for decimal fields) and the dead time they cover. */
export interface Written {
  readonly weapons: Int32Array;
  readonly extended: Int32Array;
  readonly deadTotal: number;
}

const CUMULATIVE = EXTENDED_FIELDS.flatMap((f, i) => (f.kind === 'cumulative' ? [i] : []));
/** WS_KNIFE is weapon 0: its counters sit at 0..4 (hits, shots, kills, deaths, headshots). */
export const KNIFE_SHOTS = 1;

/** Figures of a player who did nothing in the round. */
export const nothing = (): RoundFigures => ({
  weapons: new Int32Array(WEAPON_COUNT * 5),
  extended: new Int32Array(EXTENDED_FIELDS.length),
});

function sumOf(weapons: Int32Array, counter: number): number {
  let sum = 0;
  for (let at = counter; at < weapons.length; at += 5) sum += weapons[at] as number;
  return sum;
}

export const shotsOf = (weapons: Int32Array) => sumOf(weapons, 1);

/** A line holding one round as played (an R1, a late joiner's or a reconnected player's R2). */
export const asPlayed = (f: RoundFigures): Written => ({
  weapons: f.weapons,
  extended: f.extended.slice(),
  deadTotal: f.extended[EXT.time_dead_min] as number,
});

/**
 * A continuing player's R2 line: round 1 plus round 2 for the cumulative fields and the weapons, less
 * the knife shots the engine took back; round 2 alone for the others.
 */
export function cumulativeR2(r1: RoundFigures, r2: RoundFigures, takeback: number): Written {
  const weapons = new Int32Array(WEAPON_COUNT * 5);
  for (let i = 0; i < weapons.length; i++)
    weapons[i] = (r1.weapons[i] as number) + (r2.weapons[i] as number);
  weapons[KNIFE_SHOTS] = (weapons[KNIFE_SHOTS] as number) - takeback;
  const extended = r2.extended.slice();
  for (const i of CUMULATIVE) extended[i] = (r1.extended[i] as number) + (r2.extended[i] as number);
  return {
    weapons,
    extended,
    deadTotal:
      (r1.extended[EXT.time_dead_min] as number) + (r2.extended[EXT.time_dead_min] as number),
  };
}

/**
 * Knife shots the engine takes back in round 2 (one per corpse the knife hits): enough that the R2
 * file's knife shots end below R1's, and now and then all of them, so that a knife entry with nothing
 * else in it vanishes from R2. `r1` has knife shots.
 */
export function knifeTakeback(r1: RoundFigures, r2: RoundFigures, random: Random): number {
  const k1 = r1.weapons[KNIFE_SHOTS] as number;
  const k2 = r2.weapons[KNIFE_SHOTS] as number;
  const quiet = [0, 2, 3, 4].every((at) => !r1.weapons[at] && !r2.weapons[at]);
  return quiet && random.chance(0.15) ? k1 + k2 : k2 + random.int(1, k1);
}

/**
 * Round 2's time alive % (tenths) from the two lines' ratios, as a reader must estimate it:
 * (a2·t2 − a1·t1) / (t2 − t1), held within 0–100; null without round-2 time played.
 */
export function roundTwoTimeAlive(w1: Written, w2: Written): number | null {
  const t1 = w1.extended[EXT.time_played_min] as number;
  const t2 = w2.extended[EXT.time_played_min] as number;
  if (t2 - t1 <= 0) return null;
  const a1 = w1.extended[EXT.time_alive_pct] as number;
  const a2 = w2.extended[EXT.time_alive_pct] as number;
  return Math.min(1000, Math.max(0, Math.round((a2 * t2 - a1 * t1) / (t2 - t1))));
}

/**
 * Fills what the mod derives or garbles in a line about to be written: its own figures from the
 * counters; field 20 where the mod lacks the fix (`carried`: shots an R2 line holds from round 1);
 * field 28 of the 36-field layout. `played` is what the player did in this round alone.
 */
export function finishLine(
  w: Written,
  played: RoundFigures,
  carried: number,
  profile: ServerProfile,
  random: Random,
): void {
  const tenths = played.extended[EXT.time_played_min] as number;
  fillModFields(w.extended, w.weapons, w.deadTotal, tenths);
  if (!profile.bulletsValid)
    w.extended[EXT.bullets_fired] = garbageBullets(
      carried,
      shotsOf(w.weapons) - carried,
      tenths * 6,
    );
  // What the 36-field mod writes at 28 is not denied time: up to hundreds of seconds a kill.
  if (profile.layout === 36)
    w.extended[DENIED_TIME] = random.int(0, 40) + sumOf(played.weapons, 2) * random.int(5, 300);
}
