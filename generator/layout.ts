import { EXTENDED_FIELDS, type ExtendedKey } from '../stats/fields.ts';
import type { Random } from './random.ts';

/**
 * The layouts of the extended fields that servers write (STATS_FORMAT.md, "Older layouts"): 38 in mod
 * v7/v8; 37 without revives given; 36 without repairs and revives, its denied time garbage; 33 (2024)
 * with the multi-kills right after useful kills and nothing after them.
 */
export type Layout = 38 | 37 | 36 | 33;

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Which of the 38 figures each written field holds, in line order. */
const WRITTEN: Record<Layout, readonly number[]> = {
  38: upTo(38),
  37: upTo(37),
  36: upTo(36),
  33: [...upTo(28), 29, 30, 31, 32, 33],
};

/** Figures a layout does not tell: unknown (null) in truth, never 0. */
const UNKNOWN: Record<Layout, ReadonlySet<ExtendedKey>> = {
  38: new Set(),
  37: new Set(['revives_given']),
  36: new Set(['denied_playtime', 'repairs_constructions', 'revives_given']),
  33: new Set([
    'denied_playtime',
    'useless_kills',
    'full_selfkills',
    'repairs_constructions',
    'revives_given',
  ]),
};

export const writtenFigures = (layout: Layout): readonly number[] => WRITTEN[layout];
export const unknownIn = (layout: Layout): ReadonlySet<ExtendedKey> => UNKNOWN[layout];

/** Field 28 of a 36-field line holds what the mod calls denied time, and is not (seconds). */
export const DENIED_TIME = EXTENDED_FIELDS.findIndex((f) => f.key === 'denied_playtime');

/** An older mod's layout, about as often as the real server's older files show them. */
export function olderLayout(random: Random): Layout {
  const roll = random.next();
  return roll < 0.6 ? 37 : roll < 0.8 ? 36 : 33;
}

/**
 * Field 20 of a mod without the fix: the cumulative shot count added again at every 5-second
 * snapshot of the round. `carried` shots came from round 1 (an R2 line), `now` were fired since.
 * Never the line's sum of shots (`carried + now`) for a line with a shot, so a file of such lines
 * never passes for a valid one.
 */
export function garbageBullets(carried: number, now: number, playedS: number): number {
  const snapshots = Math.max(2, Math.floor(playedS / 5));
  return snapshots * carried + Math.ceil((Math.max(0, now) * (snapshots + 1)) / 2);
}
