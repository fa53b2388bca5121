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

/**
 * `groupSessions` for each game server apart: two servers playing at the same time are two sessions.
 * Returns every server's groups, in play order of their first rounds.
 */
export function groupSessionsByServer<Id, R extends TimedRound<Id> & { readonly serverId: number }>(
  rounds: readonly R[],
  gapMs: number,
): R[][] {
  const byServer = new Map<number, R[]>();
  for (const round of rounds) {
    const list = byServer.get(round.serverId);
    if (list) list.push(round);
    else byServer.set(round.serverId, [round]);
  }
  const groups = [...byServer.values()].flatMap((list) => groupSessions(list, gapMs));
  const first = (group: R[]) => group[0] as R;
  return groups.sort(
    (a, b) => first(a).startedAt - first(b).startedAt || first(a).serverId - first(b).serverId,
  );
}
