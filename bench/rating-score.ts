// Scores of probabilistic predictions of map results: the first attackers' expected score against
// what happened (1 won, ½ a double fullhold, 0 lost).

export interface Prediction {
  readonly p: number;
  readonly y: 0 | 0.5 | 1;
}

const EPS = 1e-6;
const clamp = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

/** Mean cross-entropy (nats); a draw counts half a win and half a loss. */
export function logLoss(predictions: readonly Prediction[]): number {
  let sum = 0;
  for (const { p, y } of predictions)
    sum -= y * Math.log(clamp(p)) + (1 - y) * Math.log(1 - clamp(p));
  return sum / predictions.length;
}

export function brier(predictions: readonly Prediction[]): number {
  let sum = 0;
  for (const { p, y } of predictions) sum += (p - y) ** 2;
  return sum / predictions.length;
}

/** Predictions in tenths of probability: how many, the mean predicted and the mean observed. */
export function calibration(predictions: readonly Prediction[]) {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, n: 0, p: 0, y: 0 }));
  for (const { p, y } of predictions) {
    const bin = bins[Math.min(9, Math.floor(p * 10))] as (typeof bins)[number];
    bin.n++;
    bin.p += p;
    bin.y += y;
  }
  return bins
    .filter((b) => b.n > 0)
    .map((b) => ({ from: b.from, n: b.n, predicted: b.p / b.n, observed: b.y / b.n }));
}
