import { type SQL, sql } from 'drizzle-orm';
import { groupSessionsByServer, settleSessionIds } from '../../stats/sessions.ts';
import type { Queryable } from '../db/database.ts';
import { intArray, rowsOf } from '../db/rows.ts';

/** A round as the session regroup reads it. */
export interface NearbyRound {
  readonly id: number;
  readonly serverId: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly sessionId: number | null;
  /** When its session started (null without one): `writeSessions` then reads no session of its own. */
  readonly sessionStartedAt: number | null;
}

/** Rounds longer than this are looked for apart (rounds_long_idx); the rest are found by when they ended. */
const LONG_ROUND_S = 86_400;

/**
 * The rounds near [from, to] and every round of a session that touches it: what regrouping after rounds
 * there were added or re-timed reads. Only sessions within a gap of that range can change: rounds further
 * away were already a gap apart from it, and stay so. A round re-timed inside the range is among them
 * (its end is in the range and its start before its end), whatever start it was stored with.
 * Each part has an index, whatever the planner's statistics (a round lasts `ended_at - started_at`, and a
 * session's rounds all end within it).
 */
export function roundsNear(serverId: number, from: Date, to: Date, gapMinutes: number): SQL {
  const gapMs = gapMinutes * 60_000;
  const lo = sql`${new Date(from.getTime() - gapMs).toISOString()}::timestamptz`;
  const hi = sql`${new Date(to.getTime() + gapMs).toISOString()}::timestamptz`;
  const columns = sql`id, server_id, to_json(started_at)#>>'{}' as started_at, to_json(ended_at)#>>'{}' as ended_at, session_id,
    to_json((select g.started_at from gaming_sessions g where g.id = session_id))#>>'{}' as session_started_at`;
  const server = sql`server_id = ${serverId}`;
  const long = sql.raw(String(LONG_ROUND_S));
  const touching = sql`from gaming_sessions where ${server} and started_at <= ${hi} and ended_at >= ${lo}`;
  // Empty rounds (header-only files of idle rounds) belong to no session.
  return sql`select ${columns} from rounds where ${server} and ended_at between ${lo} and ${hi} + interval '${long} seconds' and started_at <= ${hi} and not empty
    union
    select ${columns} from rounds where ${server} and duration_s > ${long} and started_at <= ${hi} and ended_at >= ${lo} and not empty
    union
    select ${columns} from rounds where ${server} and session_id in (select id ${touching})
      and ended_at between (select min(started_at) ${touching}) and (select max(ended_at) ${touching})`;
}

/** `roundsNear`'s rows, with the starts (and ends) of rounds re-timed since (by id) put in. */
export function nearbyRounds(
  rows: readonly Record<string, unknown>[],
  retimed: ReadonlyMap<number, Date>,
  reEnded: ReadonlyMap<number, Date> = new Map(),
): NearbyRound[] {
  return rows.map((r) => {
    const id = Number(r.id);
    return {
      id,
      serverId: Number(r.server_id),
      startedAt: retimed.get(id)?.getTime() ?? Date.parse(r.started_at as string),
      endedAt: reEnded.get(id)?.getTime() ?? Date.parse(r.ended_at as string),
      sessionId: r.session_id === null ? null : Number(r.session_id),
      sessionStartedAt:
        r.session_started_at == null ? null : Date.parse(r.session_started_at as string),
    };
  });
}

/** Regroups `nearby` (the rounds `roundsNear` finds) into gaming sessions by the gap rule. */
export async function regroupNearby(
  tx: Queryable,
  nearby: readonly NearbyRound[],
  gapMinutes: number,
) {
  // A session touching the range has rounds, so every one of them is among `nearby`'s session ids.
  const touched = new Map<number, number>();
  // A round naming a session that is gone (no start) still has its id cleared with the rest.
  for (const r of nearby)
    if (r.sessionId !== null)
      touched.set(r.sessionId, r.sessionStartedAt ?? Number.POSITIVE_INFINITY);
  await writeSessions(tx, groupSessionsByServer(nearby, gapMinutes * 60_000), touched);
}

/** A round of a group `writeSessions` stores. */
interface GroupedRound {
  id: number;
  serverId: number;
  startedAt: number;
  endedAt: number;
  sessionId: number | null;
}

/**
 * Replaces `previous` sessions (id → when it started, in ms) by `groups`, reusing the stored row of the
 * old session holding most of a group's rounds (its derived rows stay), then gives every session from the
 * earliest of them on its stable id (`settleIds`). A session's players are its lineup: humans who started
 * at least one map (someone who only came in for an R2 substituted; the API lists them apart).
 * Every statement here runs under the import lock: in the usual case (one group, its session kept or
 * new) that is one statement per group, and one to settle ids unless no session's start changed.
 */
export async function writeSessions(
  tx: Queryable,
  groups: GroupedRound[][],
  previous: ReadonlyMap<number, number>,
) {
  const free = new Set(previous.keys());
  const chosen = groups.map((group) => {
    const counts = new Map<number, number>();
    for (const r of group)
      if (r.sessionId !== null && free.has(r.sessionId))
        counts.set(r.sessionId, (counts.get(r.sessionId) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    if (best !== undefined) free.delete(best);
    return best;
  });
  // Kept sessions move out of the way of the unique start time (to distinct instants of year 1) before
  // they get their new bounds, when another written session could take one of their old starts: only
  // with two groups or more (the replaced ones are deleted first).
  const kept = chosen.filter((id): id is number => id !== undefined);
  const parked = groups.length > 1 ? kept : [];
  if (free.size > 0 || parked.length > 0) {
    const gone = bigintArray([...free]);
    await rowsOf(
      tx,
      sql`with cleared as (update rounds set session_id = null where session_id = any(${gone})),
      gone as (delete from gaming_sessions where id = any(${gone}))
      update gaming_sessions s set started_at = timestamptz '0001-01-01 00:00:00+00' + k.n * interval '1 second'
      from (select id, row_number() over (order by id) as n from gaming_sessions where id = any(${bigintArray(parked)})) k
      where s.id = k.id`,
    );
  }
  for (const [i, group] of groups.entries()) {
    const startedAt = new Date(Math.min(...group.map((r) => r.startedAt))).toISOString();
    const endedAt = new Date(Math.max(...group.map((r) => r.endedAt))).toISOString();
    const ids = intArray(group.map((r) => r.id));
    const counts = sql`${group.length}::int,
      (select count(distinct coalesce(r.match_id, -r.id)) from rounds r where r.id = any(${ids}))::int,
      (select count(distinct pr.guid) from player_rounds pr where pr.round_id = any(${ids}) and not pr.bot and not pr.joined_in_r2)::int`;
    const kept = chosen[i];
    // A new session's id is a placeholder below every real id, replaced by `settleIds` before this returns.
    const id = kept ?? -(i + 1);
    const moved = intArray(group.filter((r) => r.sessionId !== id).map((r) => r.id));
    // Counted over the group's rounds, not its session id: the statement's own update is not visible to it.
    await rowsOf(
      tx,
      kept === undefined
        ? sql`with moved as (update rounds set session_id = ${id} where id = any(${moved}))
          insert into gaming_sessions (id, server_id, started_at, ended_at, round_count, map_count, player_count)
          values (${id}, ${(group[0] as GroupedRound).serverId}, ${startedAt}::timestamptz, ${endedAt}::timestamptz, ${counts})`
        : sql`with moved as (update rounds set session_id = ${id} where id = any(${moved}))
          update gaming_sessions s set started_at = ${startedAt}::timestamptz, ended_at = ${endedAt}::timestamptz,
            (round_count, map_count, player_count) = (select ${counts})
          where s.id = ${id}`,
    );
  }
  // Ids follow from when sessions start and on which server alone, and were settled before: when no
  // session came or went and none starts at another time (a round added to a session under way), every
  // id is still the settled one.
  const startsKept =
    free.size === 0 &&
    groups.every((group, i) => {
      const id = chosen[i];
      return id !== undefined && previous.get(id) === Math.min(...group.map((r) => r.startedAt));
    });
  const starts = [
    ...groups.flatMap((group) => group.map((r) => r.startedAt)),
    ...[...previous.values()].filter(Number.isFinite),
  ];
  if (starts.length > 0 && !startsKept) await settleIds(tx, new Date(Math.min(...starts)));
}

const bigintArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::bigint[]`;

/**
 * Gives every session starting at or after `from` its stable id (`settleSessionIds`), continuing from the
 * session just before: nothing earlier changed, so its id already is the stable one.
 */
async function settleIds(tx: Queryable, from: Date) {
  const at = sql`${from.toISOString()}::timestamptz`;
  // The session just before `from` and every one from it on, in one round trip.
  const rows = await rowsOf<{
    id: number | string;
    server_id: number;
    started_at: string;
    before: boolean;
  }>(
    tx,
    sql`(select id, server_id, to_json(started_at)#>>'{}' as started_at, true as before from gaming_sessions
      where started_at < ${at} order by started_at desc, server_id desc limit 1)
    union all
    (select id, server_id, to_json(started_at)#>>'{}' as started_at, false from gaming_sessions where started_at >= ${at})`,
  );
  const before = rows.find((s) => s.before);
  const after = rows
    .filter((s) => !s.before)
    .map((s) => ({ ...s, at: Date.parse(s.started_at), serverId: Number(s.server_id) }))
    .sort((a, b) => a.at - b.at || a.serverId - b.serverId);
  const ids = settleSessionIds(
    after.map((s) => ({ startedAt: s.at, serverId: s.serverId })),
    before ? Number(before.id) : null,
  );
  const moves = after.flatMap((s, i) =>
    Number(s.id) === ids[i] ? [] : [{ from: Number(s.id), to: ids[i] as number }],
  );
  if (moves.length > 0) await renameSessions(tx, moves, new Set(after.map((s) => Number(s.id))));
}

/**
 * `renameSessions` when no session moves to an id a session has now (a new session getting its id, the
 * usual case): nothing can collide on the way, so one statement moves it all. A session made in this
 * transaction (a placeholder id, below every real one) has no leaderboard period yet to rename.
 */
async function renameSessionsDirectly(tx: Queryable, pairs: SQL, derived: boolean) {
  await rowsOf(
    tx,
    sql`with r as (update rounds r set session_id = v.t from ${pairs} where r.session_id = v.f),
      o as (update team_overrides o set session_id = v.t from ${pairs} where o.session_id = v.f),
      n as (update session_team_names n set session_id = v.t from ${pairs} where n.session_id = v.f)
    update gaming_sessions s set id = v.t from ${pairs} where s.id = v.f`,
  );
  if (derived)
    await rowsOf(
      tx,
      sql`update leaderboard_periods set id = community_id || ':session:' || session_id,
        name = 'Session ' || session_id || substr(name, strpos(name, ' ('))
      where kind = 'session' and id <> community_id || ':session:' || session_id`,
    );
}

/**
 * Changes session ids. Derived rows follow by ON UPDATE CASCADE; rounds, team corrections and team names are
 * moved here. One statement sees the rows as they were before it, so chains (a → b while b → c) move right;
 * unique keys are checked row by row, so sessions and their leaderboard periods pass through ids no
 * session has (negative, or a suffix) first. `taken`: the ids sessions have now, among those moved to.
 */
async function renameSessions(
  tx: Queryable,
  moves: readonly { from: number; to: number }[],
  taken: ReadonlySet<number>,
) {
  const pairs = sql`unnest(${bigintArray(moves.map((m) => m.from))}, ${bigintArray(moves.map((m) => m.to))}) as v(f, t)`;
  if (moves.every((m) => !taken.has(m.to)))
    return renameSessionsDirectly(
      tx,
      pairs,
      moves.some((m) => m.from > 0),
    );
  await rowsOf(
    tx,
    sql`update rounds r set session_id = v.t from ${pairs} where r.session_id = v.f`,
  );
  await rowsOf(
    tx,
    sql`update team_overrides o set session_id = v.t from ${pairs} where o.session_id = v.f`,
  );
  await rowsOf(
    tx,
    sql`update session_team_names n set session_id = v.t from ${pairs} where n.session_id = v.f`,
  );
  await rowsOf(tx, sql`update gaming_sessions s set id = -v.t from ${pairs} where s.id = v.f`);
  await rowsOf(tx, sql`update gaming_sessions set id = -id where id < 0`);
  const stale = sql`kind = 'session' and id <> community_id || ':session:' || session_id`;
  await rowsOf(tx, sql`update leaderboard_periods set id = id || ':moving' where ${stale}`);
  await rowsOf(
    tx,
    sql`update leaderboard_periods set id = community_id || ':session:' || session_id,
      name = 'Session ' || session_id || substr(name, strpos(name, ' ('))
    where kind = 'session' and id like '%:moving'`,
  );
}
