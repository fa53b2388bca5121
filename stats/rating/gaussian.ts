// The normal distribution's pieces that a Gaussian rating update needs. Written out here because
// stats/ imports nothing outside itself.

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erfc by Numerical Recipes' Chebyshev fit (relative error under 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal density. */
export const pdf = (x: number): number => INV_SQRT_2PI * Math.exp(-(x * x) / 2);

/** Standard normal cumulative distribution. */
export const cdf = (x: number): number => erfc(-x / SQRT2) / 2;

/**
 * The mean and variance corrections of a Gaussian truncated to x > -t (a win): v is how far the mean
 * moves, w how much of the variance goes (TrueSkill's v and w functions).
 */
export function winCorrection(t: number): { v: number; w: number } {
  const denominator = cdf(t);
  // Far in the tail the ratio tends to -t: the limit, so an upset never divides by zero.
  const v = denominator < 1e-12 ? -t : pdf(t) / denominator;
  return { v, w: Math.min(1, Math.max(0, v * (v + t))) };
}

/** The same for a draw: the performance difference fell within ±margin (scaled by the spread). */
export function drawCorrection(t: number, margin: number): { v: number; w: number } {
  const a = margin - t;
  const b = -margin - t;
  const mass = cdf(a) - cdf(b);
  if (mass < 1e-12) return { v: t < 0 ? -t - margin : -t + margin, w: 1 };
  const v = (pdf(b) - pdf(a)) / mass;
  const w = v * v + (a * pdf(a) - b * pdf(b)) / mass;
  return { v, w: Math.min(1, Math.max(0, w)) };
}
