/** Bar lengths: each value as a fraction of the column's largest, 0 when everything is 0. */
export function fractionsOf(values: readonly number[]): number[] {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  return values.map((v) => (max > 0 && Number.isFinite(v) && v > 0 ? v / max : 0));
}

/** `a / b`, or null when `b` is 0 (a ratio that does not exist must not be drawn as 0). */
export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) ? a / b : null;
}

/** How many rows a chart leaves out, as its footer says it; undefined when none. */
export function omittedNote(total: number, shown: number, what = 'players'): string | undefined {
  return total > shown ? `+${total - shown} more ${what} not shown` : undefined;
}

// Axis tops may stop at any of these; tick steps only at the coarser 1, 2, 2.5 and 5.
const CEILINGS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;
const TICK_STEPS = [1, 2, 2.5, 5, 10] as const;

function roundUp(value: number, steps: readonly number[]): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = steps.find((s) => s * power >= value * (1 - 1e-12)) ?? 10;
  return Number((step * power).toPrecision(12));
}

/**
 * The smallest "round" number at or above `value` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power
 * of ten): the top of an axis, so a scale reads 0–400 rather than 0–387.3. Zero, negatives and NaN give 1.
 */
export function niceCeiling(value: number): number {
  return roundUp(value, CEILINGS);
}

/** Evenly spaced round ticks from 0 covering `max` with at most `count` intervals: 0, 100, 200, 300. */
export function niceTicks(max: number, count = 4): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const step = roundUp(top / count, TICK_STEPS);
  const intervals = Math.max(1, Math.ceil(top / step - 1e-9));
  return Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}
