import { PAIRING_WINDOW_MS, type PairingRound, pairRounds } from './pair-rounds.ts';

/** A round to pair whose file time is a wall-clock time: the instants it can stand for (stats/clock.ts). */
export interface WallClockRound<Id> extends Omit<PairingRound<Id>, 'endedAt'> {
  /** The instant taken by default (the first pass, in the hour a clock is set back). */
  readonly earlier: number;
  /** The second pass in that hour; `earlier` everywhere else. */
  readonly later: number;
}

export interface WallClockPairs<Id> {
  /** R2 id → R1 id, as `pairRounds` answers. */
  readonly pairs: Map<Id, Id>;
  /** When each round ended: its `earlier` instant, or its `later` one when it paired only with that. */
  readonly endedAt: Map<Id, number>;
}

/**
 * Pairs rounds by their file times when those are wall-clock times (STATS_FORMAT.md, "Pairing"), through
 * the hour a clock is set back. Every round takes its earlier instant and pairs as `pairRounds` does.
 * Then a round that time left unpaired is tried at its later instant, since the clock may have been set
 * back between an R1 and its R2, so that the R2's file time comes *before* its R1's (an R1 at 02:50
 * summer time, its R2 fifteen minutes later at 02:05 winter time):
 *
 * 1. an unpaired R2 in the repeated hour takes its later instant when it then pairs with an unpaired R1;
 * 2. an unpaired R1 in the repeated hour takes its later instant when an unpaired R2 then pairs with it
 *    (an R1 at 02:50 winter time, its R2 at 03:05).
 *
 * The answer depends only on the set of rounds, never on the order they arrived in.
 */
export function pairByWallClock<Id>(
  rounds: readonly WallClockRound<Id>[],
  windowMs = PAIRING_WINDOW_MS,
): WallClockPairs<Id> {
  const endedAt = new Map(rounds.map((r) => [r.id, r.earlier]));
  const at = (r: WallClockRound<Id>) => ({ ...r, endedAt: endedAt.get(r.id) as number });
  const pairs = pairRounds(rounds.map(at), windowMs);
  if (rounds.every((r) => r.later === r.earlier)) return { pairs, endedAt };

  for (const moving of [2, 1] as const) {
    const paired = new Set([...pairs].flat());
    const unpaired = rounds.filter((r) => !paired.has(r.id));
    const moved = new Set(
      unpaired.filter((r) => r.round === moving && r.later !== r.earlier).map((r) => r.id),
    );
    if (moved.size === 0) continue;
    const tried = pairRounds(
      unpaired.map((r) => ({ ...r, endedAt: moved.has(r.id) ? r.later : at(r).endedAt })),
      windowMs,
    );
    for (const [r2, r1] of tried) {
      const mover = moving === 2 ? r2 : r1;
      if (!moved.has(mover)) continue;
      pairs.set(r2, r1);
      endedAt.set(mover, (rounds.find((r) => r.id === mover) as WallClockRound<Id>).later);
    }
  }
  return { pairs, endedAt };
}
