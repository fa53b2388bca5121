import { loadTruth, TRUTH_INTEGER_KEYS, type TruthRound } from './corpus.ts';

const truth = loadTruth();

/**
 * A player's figures summed over truth.json's rounds that `keep` accepts (all by default): every integer
 * figure and `time_played_min` added up, the sprees their best, and `rounds` counted. An orphan R2 has no
 * per-round figures, so it counts for no one.
 */
export function truthTotals(
  guid: string,
  keep: (round: TruthRound) => boolean = () => true,
): Record<string, number> {
  const sums: Record<string, number> = { rounds: 0, time_played_min: 0 };
  for (const round of truth.rounds) {
    const p = round.players?.[guid];
    if (!p || !keep(round)) continue;
    sums.rounds! += 1;
    sums.time_played_min! += p.time_played_min;
    for (const key of TRUTH_INTEGER_KEYS) {
      if (key === 'killing_spree' || key === 'death_spree')
        sums[key] = Math.max(sums[key] ?? 0, p[key] as number);
      else sums[key] = (sums[key] ?? 0) + (p[key] as number);
    }
  }
  return sums;
}
