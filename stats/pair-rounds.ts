/** What pairing needs to know of a round of one server and one map. */
export interface PairingRound<Id> {
  readonly id: Id;
  readonly round: 1 | 2;
  /** The file's time in ms since the epoch. */
  readonly endedAt: number;
  readonly timeLimitS: number;
  readonly nextTimeLimitS: number;
  /** Orders rounds written in the same second, independently of arrival order (the file's SHA-256). */
  readonly tieBreak: string;
}

/** R2 duration plus intermission: an R1 older than this before its R2 belongs to another play. */
export const PAIRING_WINDOW_MS = 45 * 60 * 1000;

function chronological<Id>(a: PairingRound<Id>, b: PairingRound<Id>): number {
  return a.endedAt - b.endedAt || (a.tieBreak < b.tieBreak ? -1 : a.tieBreak > b.tieBreak ? 1 : 0);
}

/**
 * Pairs each R2 with its R1 (STATS_FORMAT.md, "Pairing"): the latest R1 of the same server and map
 * before it, within the window, whose "next time limit" is the R2's time limit. An R1 belongs to the
 * earliest R2 that picks it; a later R2 whose candidate is taken is an orphan. The result depends only
 * on the set of rounds, never on the order they arrived in. Returns R2 id → R1 id.
 */
export function pairRounds<Id>(
  rounds: readonly PairingRound<Id>[],
  windowMs = PAIRING_WINDOW_MS,
): Map<Id, Id> {
  const sorted = [...rounds].sort(chronological);
  const pairs = new Map<Id, Id>();
  const taken = new Set<Id>();
  sorted.forEach((r2, index) => {
    if (r2.round !== 2) return;
    for (let i = index - 1; i >= 0; i--) {
      const r1 = sorted[i] as PairingRound<Id>;
      if (r2.endedAt - r1.endedAt > windowMs) break;
      if (r1.round !== 1 || r1.nextTimeLimitS !== r2.timeLimitS) continue;
      if (!taken.has(r1.id)) {
        pairs.set(r2.id, r1.id);
        taken.add(r1.id);
      }
      break;
    }
  });
  return pairs;
}
