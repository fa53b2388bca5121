import { and, asc, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { groupSessions } from '../../stats/sessions.ts';
import { gamingSessions, rounds } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';


/**
 * Regroups the rounds near [from, to] into gaming sessions (gap rule) after rounds there were added or
 * re-timed. Only sessions within a gap of that range can change: rounds further away were already a gap
 * apart from it, and stay so. Sessions keep their id where they continue an existing one.
 */
export async function refreshSessions(tx: Queryable, from: Date, to: Date, gapMinutes: number) {
  const gapMs = gapMinutes * 60_000;
  const lo = new Date(from.getTime() - gapMs);
  const hi = new Date(to.getTime() + gapMs);
  // The rounds near the range, and every round of a session that touches it (one round trip).
  const touchedSessions = tx
    .select({ id: gamingSessions.id })
    .from(gamingSessions)
    .where(and(lte(gamingSessions.startedAt, hi), gte(gamingSessions.endedAt, lo)));
  const nearby = await tx
    .select({ id: rounds.id, startedAt: rounds.startedAt, endedAt: rounds.endedAt, sessionId: rounds.sessionId })
    .from(rounds)
    .where(or(and(lte(rounds.startedAt, hi), gte(rounds.endedAt, lo)), inArray(rounds.sessionId, touchedSessions)))
    .orderBy(asc(rounds.startedAt));
  // A session touching the range has rounds, so every one of them is among `nearby`'s session ids.
  const touched = [...new Set(nearby.map((r) => r.sessionId).filter((id): id is number => id !== null))];
  const groups = groupSessions(
    nearby.map((r) => ({ ...r, startedAt: r.startedAt.getTime(), endedAt: r.endedAt.getTime() })),
    gapMs,
  );
  await writeSessions(tx, groups, touched);
}

/**
 * Replaces `previous` sessions by `groups`, reusing an old id for the group holding most of its rounds.
 * A session's players are its lineup: humans who started at least one map (someone who only came in
 * for an R2 substituted; the API lists them apart).
 */
export async function writeSessions(
  tx: Queryable,
  groups: { id: number; startedAt: number; endedAt: number; sessionId: number | null }[][],
  previous: readonly number[],
) {
  const free = new Set(previous);
  const chosen = groups.map((group) => {
    const counts = new Map<number, number>();
    for (const r of group) if (r.sessionId !== null && free.has(r.sessionId)) counts.set(r.sessionId, (counts.get(r.sessionId) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    if (best !== undefined) free.delete(best);
    return best;
  });
  if (free.size > 0) {
    await tx.update(rounds).set({ sessionId: null }).where(inArray(rounds.sessionId, [...free]));
    await tx.delete(gamingSessions).where(inArray(gamingSessions.id, [...free]));
  }
  // Move kept sessions out of the way of the unique start time before giving them their new bounds.
  const kept = chosen.filter((id): id is number => id !== undefined);
  if (kept.length > 1) {
    await tx.update(gamingSessions).set({ startedAt: sql`${gamingSessions.startedAt} - interval '1000 years' - ${gamingSessions.id} * interval '1 second'` }).where(inArray(gamingSessions.id, kept));
  }
  for (const [i, group] of groups.entries()) {
    const bounds = {
      startedAt: new Date(Math.min(...group.map((r) => r.startedAt))),
      endedAt: new Date(Math.max(...group.map((r) => r.endedAt))),
      roundCount: 0, mapCount: 0, playerCount: 0,
    };
    let id = chosen[i];
    if (id === undefined) {
      const [row] = await tx.insert(gamingSessions).values(bounds).returning({ id: gamingSessions.id });
      id = (row as { id: number }).id;
    }
    const ids = group.map((r) => r.id);
    const moved = group.filter((r) => r.sessionId !== id).map((r) => r.id);
    // Counted over the group's rounds, not its session id: the statement's own update is not visible to it.
    await tx.execute(sql`
      with moved as (update rounds set session_id = ${id} where id in ${moved.length > 0 ? moved : [0]})
      update gaming_sessions s set
        started_at = ${bounds.startedAt.toISOString()}::timestamptz, ended_at = ${bounds.endedAt.toISOString()}::timestamptz,
        round_count = ${ids.length},
        map_count = (select count(distinct coalesce(r.match_id, -r.id)) from rounds r where r.id in ${ids}),
        player_count = (select count(distinct pr.guid) from player_rounds pr
                        where pr.round_id in ${ids} and not pr.bot and not pr.joined_in_r2)
      where s.id = ${id}`);
  }
}
