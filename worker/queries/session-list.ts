import { sql } from 'drizzle-orm';
import { minuteCode, minuteOfCode } from '../../stats/sessions.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import { ofCommunity } from './communities.ts';
import { SESSION_COLUMNS, type SessionSummary } from './sessions.ts';

/** A listed session with its score once the recompute ran (maps won by team A and B, maps drawn, the winner; null before). */
export type ListedSession = SessionSummary & {
  team_a_maps: number | null;
  team_b_maps: number | null;
  drawn_maps: number | null;
  team_a_points: number | null;
  team_b_points: number | null;
  winner: 'A' | 'B' | null;
  /** The moderators' names of the teams (`/admin teams name`), null where none was given. */
  team_a_name: string | null;
  team_b_name: string | null;
};

/**
 * One page of sessions, newest first, and how many there are in all; `month` (`YYYY-MM`, read in
 * `timeZone` as dates are) keeps that month's.
 */
export async function sessionPage(
  db: Queryable,
  communityId: number,
  page: number,
  pageSize: number,
  month?: { readonly month: string; readonly timeZone: string },
): Promise<{ sessions: ListedSession[]; total: number }> {
  const inMonth = month
    ? sql`to_char(started_at at time zone ${month.timeZone}, 'YYYY-MM') = ${month.month}`
    : sql`true`;
  const sessions = await rowsOf<ListedSession>(
    db,
    sql`select ${SESSION_COLUMNS}, team_a_maps, team_b_maps, drawn_maps, team_a_points, team_b_points, winner,
      coalesce(na.name, session_results.team_a_name) as team_a_name, coalesce(nb.name, session_results.team_b_name) as team_b_name
    from gaming_sessions left join session_results on session_results.session_id = gaming_sessions.id
    left join session_team_names na on na.community_id = ${communityId} and na.session_id = gaming_sessions.id and na.team = 'A'
    left join session_team_names nb on nb.community_id = ${communityId} and nb.session_id = gaming_sessions.id and nb.team = 'B'
    where ${ofCommunity(communityId, 'gaming_sessions')} and ${inMonth}
    order by started_at desc, id desc limit ${pageSize} offset ${page * pageSize}`,
  );
  const [count] = await rowsOf<{ total: number }>(
    db,
    sql`select count(*)::int as total from gaming_sessions where ${ofCommunity(communityId, 'gaming_sessions')} and ${inMonth}`,
  );
  return { sessions, total: count?.total ?? 0 };
}

/** The latest months (`YYYY-MM`, in `timeZone`) in which sessions started, newest first. */
export async function monthsPlayed(
  db: Queryable,
  communityId: number,
  timeZone: string,
  limit = 6,
): Promise<string[]> {
  const rows = await rowsOf<{ month: string }>(
    db,
    sql`select distinct to_char(started_at at time zone ${timeZone}, 'YYYY-MM') as month from gaming_sessions
    where ${ofCommunity(communityId, 'gaming_sessions')} order by month desc limit ${limit}`,
  );
  return rows.map((r) => r.month);
}

/**
 * Sessions for autocomplete: the most recent ones, or those whose id or start date (server time zone,
 * `YYYY-MM-DD`) begins with what was typed.
 */
export async function recentSessions(
  db: Queryable,
  communityId: number,
  typed: string,
  timeZone: string,
  limit = 25,
): Promise<(SessionSummary & { local_date: string })[]> {
  const text = typed
    .trim()
    .replace(/^#/, '')
    .slice(0, 20)
    .replace(/[\\%_]/g, '');
  const localDate = sql`to_char(started_at at time zone ${timeZone}, 'YYYY-MM-DD')`;
  const filter =
    text === '' ? sql`true` : sql`(id::text like ${`${text}%`} or ${localDate} like ${`${text}%`})`;
  return rowsOf(
    db,
    sql`select ${SESSION_COLUMNS}, ${localDate} as local_date from gaming_sessions
    where ${ofCommunity(communityId, 'gaming_sessions')} and ${filter} order by started_at desc limit ${limit}`,
  );
}

export type SessionRef =
  | {
      ok: true;
      id: number;
      sameDay: number[];
      /** The id asked for, when that session's id has changed since (see `sessionHolding`). */
      movedFrom?: number;
    }
  | { ok: false; reason: string };

/**
 * The session of this community that now holds the minute an id names, when there is one: a session's
 * id changes only when a round that started earlier joins it, or a round filling the gap joins it to the
 * session before, and either way the minute its old id names is inside the session that took it.
 */
export async function sessionHolding(
  db: Queryable,
  communityId: number,
  id: number,
): Promise<number | null> {
  const at = minuteOfCode(id);
  if (at === null) return null;
  const [row] = await rowsOf<{ id: number }>(
    db,
    sql`select id from gaming_sessions where ${ofCommunity(communityId, 'gaming_sessions')}
    and started_at < ${new Date(at + 60_000).toISOString()}::timestamptz and ended_at >= ${new Date(at).toISOString()}::timestamptz
    order by started_at desc, id desc limit 1`,
  );
  return row ? Number(row.id) : null;
}

/**
 * Reads what a user typed for a session: an id (`202612042015`, `#202612042015`) or a start date
 * `YYYY-MM-DD` in the server's time zone (a session that crosses midnight belongs to the day it started).
 * When a day holds several sessions the latest is chosen and the others are listed in `sameDay`; an id
 * that changed gives the session now holding its minute.
 */
export async function resolveSessionRef(
  db: Queryable,
  communityId: number,
  typed: string,
  timeZone: string,
): Promise<SessionRef> {
  const text = typed.trim();
  const digits = /^#?(\d{1,15})$/.exec(text)?.[1];
  if (digits !== undefined) {
    const id = Number(digits);
    const [row] = await rowsOf<{ id: number }>(
      db,
      sql`select id from gaming_sessions where id = ${id} and ${ofCommunity(communityId, 'gaming_sessions')}`,
    );
    if (row) return { ok: true, id: Number(row.id), sameDay: [] };
    const holding = await sessionHolding(db, communityId, id);
    if (holding !== null) return { ok: true, id: holding, sameDay: [], movedFrom: id };
    const at = minuteOfCode(id);
    return {
      ok: false,
      reason:
        at === null
          ? `There is no session #${digits}. A session's id is the minute it started (UTC), e.g. ${minuteCode(Date.now())}; run /sessions to see them, or give a date (YYYY-MM-DD).`
          : `There is no session #${digits}: nothing was being played at ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC. Run /sessions to see them all.`,
    };
  }
  const parsed = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== text
  ) {
    return {
      ok: false,
      reason: `"${escapeMarkdown(text.slice(0, 32))}" is neither a session id nor a date: give e.g. 202510132015 or 2025-10-13.`,
    };
  }
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`select id from gaming_sessions
    where ${ofCommunity(communityId, 'gaming_sessions')} and (started_at at time zone ${timeZone})::date = ${text}::date order by started_at desc`,
  );
  const [first, ...rest] = rows;
  if (!first)
    return {
      ok: false,
      reason: `No session started on ${text}. Run /sessions to see the dates played.`,
    };
  return { ok: true, id: Number(first.id), sameDay: rest.map((r) => Number(r.id)) };
}
