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

const MINUTE_MS = 60_000;

/** The readable code of a minute (UTC): `yyyymmddHHMM`, e.g. 202612042015 for 2026-12-04 20:15 UTC. */
export function minuteCode(ms: number): number {
  const d = new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return Number(
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`,
  );
}

/** The instant (ms, UTC) a `yyyymmddHHMM` code names, or null when the number is no such code. */
export function minuteOfCode(code: number): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(code));
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  return minuteCode(ms) === code ? ms : null;
}

/**
 * The ids of sessions from their content alone: the code of the minute the session's first round
 * started (`minuteCode`). Sessions are taken in the order of their exact start, then game server id (no
 * two sessions of one server start at the same instant); one whose minute is already taken by a session
 * before it in that order takes the next minute free. So ids sort as sessions started, and the same
 * sessions get the same ids whatever order their rounds were imported in. `previousId` is the id of the
 * session just before the first one given (its minute is taken), null when there is none.
 */
export function settleSessionIds(
  sessions: readonly { readonly startedAt: number; readonly serverId: number }[],
  previousId: number | null,
): number[] {
  let taken = previousId === null ? Number.NEGATIVE_INFINITY : (minuteOfCode(previousId) ?? 0);
  return sessions.map((s) => {
    const own = Math.floor(s.startedAt / MINUTE_MS) * MINUTE_MS;
    taken = Math.max(own, taken + MINUTE_MS);
    return minuteCode(taken);
  });
}
