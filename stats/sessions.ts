export interface TimedRound<Id> {
  readonly id: Id;
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * Groups rounds into gaming sessions: consecutive rounds with no gap longer than `gapMs` between one
 * round's end and the next one's start (sessions cross midnight freely). Returns groups in play order.
 */
export function groupSessions<Id, R extends TimedRound<Id>>(
  rounds: readonly R[],
  gapMs: number,
): R[][] {
  const sorted = [...rounds].sort((a, b) => a.startedAt - b.startedAt || a.endedAt - b.endedAt);
  const sessions: R[][] = [];
  let current: R[] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const round of sorted) {
    if (current.length > 0 && round.startedAt - lastEnd > gapMs) {
      sessions.push(current);
      current = [];
    }
    current.push(round);
    lastEnd = Math.max(lastEnd, round.endedAt);
  }
  if (current.length > 0) sessions.push(current);
  return sessions;
}
