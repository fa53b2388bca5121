import { asc, eq } from 'drizzle-orm';
import { groupSessionsByServer } from '../../stats/sessions.ts';
import { gamingSessions, rounds } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { writeSessions } from '../importer/sessions.ts';

/**
 * Regroups every round into gaming sessions with the gap rule, the same way the importer does
 * incrementally (its `writeSessions`, so ids are kept where a session continues). Writes nothing when
 * the stored grouping already is the right one, which is the usual case: the importer keeps it up to
 * date, so this only acts after the gap setting changed. Returns whether anything was rewritten.
 */
export async function regroupSessions(tx: Queryable, gapMinutes: number): Promise<boolean> {
  const timed = await tx
    .select({
      id: rounds.id,
      serverId: rounds.serverId,
      startedAt: rounds.startedAt,
      endedAt: rounds.endedAt,
      sessionId: rounds.sessionId,
    })
    .from(rounds)
    // Empty rounds (idle, header-only files) belong to no session.
    .where(eq(rounds.empty, false))
    .orderBy(asc(rounds.startedAt), asc(rounds.id));
  const groups = groupSessionsByServer(
    timed.map((r) => ({ ...r, startedAt: r.startedAt.getTime(), endedAt: r.endedAt.getTime() })),
    gapMinutes * 60_000,
  );
  const existing = await tx
    .select({
      id: gamingSessions.id,
      serverId: gamingSessions.serverId,
      startedAt: gamingSessions.startedAt,
      endedAt: gamingSessions.endedAt,
    })
    .from(gamingSessions);
  const bounds = new Map(existing.map((s) => [s.id, s]));
  const used = new Set<number>();
  const unchanged =
    existing.length === groups.length &&
    groups.every((group) => {
      const id = group[0]?.sessionId;
      const session = id == null ? undefined : bounds.get(id);
      if (id == null || !session || used.has(id) || !group.every((r) => r.sessionId === id))
        return false;
      used.add(id);
      return (
        session.serverId === (group[0] as { serverId: number }).serverId &&
        session.startedAt.getTime() === Math.min(...group.map((r) => r.startedAt)) &&
        session.endedAt.getTime() === Math.max(...group.map((r) => r.endedAt))
      );
    });
  if (unchanged) return false;
  await writeSessions(tx, groups, new Map(existing.map((s) => [s.id, s.startedAt.getTime()])));
  return true;
}
