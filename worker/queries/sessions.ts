import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';
import { NO_TEAM_NAMES, teamNamesOf } from './team-names.ts';
import { type Totals, totalsColumns, withMetrics } from './totals.ts';
import { sessionAttendance } from './voice.ts';

export interface SessionSummary {
  id: number;
  started_at: string;
  ended_at: string;
  round_count: number;
  map_count: number;
  player_count: number;
}

/** The columns of a `SessionSummary`, times as ISO-8601 UTC text. */
export const SESSION_COLUMNS =
  sql.raw(`id, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as started_at,
  to_char(ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as ended_at, round_count, map_count, player_count`);

/** Gaming sessions, newest first; `before` (a session id) pages back in time. */
export async function listSessions(
  db: Queryable,
  communityId: number,
  options: { limit?: number; before?: number } = {},
): Promise<SessionSummary[]> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  return rowsOf<SessionSummary>(
    db,
    sql`
    select id, ${isoTime('started_at')} as started_at, ${isoTime('ended_at')} as ended_at, round_count, map_count, player_count from gaming_sessions
    where ${ofCommunity(communityId, 'gaming_sessions')} and ${options.before === undefined ? sql`true` : sql`started_at < (select started_at from gaming_sessions where id = ${options.before})`}
    order by gaming_sessions.started_at desc limit ${limit}`,
  );
}

/** One session: its rounds and maps in play order with stopwatch results, its lineup with totals. */
export async function sessionDetail(db: Queryable, communityId: number, id: number) {
  const [session] = await rowsOf<SessionSummary>(
    db,
    sql`
    select id, ${isoTime('started_at')} as started_at, ${isoTime('ended_at')} as ended_at, round_count, map_count, player_count
    from gaming_sessions where id = ${id} and ${ofCommunity(communityId, 'gaming_sessions')}`,
  );
  if (!session) return undefined;
  const rounds = await rowsOf<{
    id: number;
    file: string;
    map: string;
    round: number;
    ended_at: string;
    duration_s: number;
    orphan: boolean;
    match_id: number | null;
  }>(
    db,
    sql`
    select r.id, f.file_name as file, r.map, r.round, ${isoTime('r.ended_at')} as ended_at, r.duration_s, r.orphan, r.match_id
    from rounds r join stats_files f on f.id = r.file_id where r.session_id = ${id} order by r.ended_at, r.id`,
  );
  const maps = await rowsOf<{
    match_id: number;
    map: string;
    started_at: string;
    ended_at: string;
    first_attackers_side: number;
    first_attackers_points: number | null;
    first_defenders_points: number | null;
  }>(
    db,
    sql`
    select m.id as match_id, m.map, ${isoTime('m.started_at')} as started_at, ${isoTime('m.ended_at')} as ended_at, m.first_attackers_side, m.first_attackers_points, m.first_defenders_points
    from matches m join rounds r on r.id = m.round1_id where r.session_id = ${id} order by m.started_at`,
  );
  const people = await rowsOf<
    Totals & { guid: string; name: string; lineup: boolean; bot: boolean }
  >(
    db,
    sql`
    select pr.guid, ${shownName(sql`pr.guid`, communityId)} as name, bool_or(pr.bot) as bot,
      bool_or(not pr.joined_in_r2) as lineup, ${totalsColumns()}
    from player_rounds pr join rounds r on r.id = pr.round_id where r.session_id = ${id}
    group by pr.guid order by sum(pr.kills) desc, pr.guid`,
  );
  const shape = ({ guid, name, bot, lineup: _, ...t }: (typeof people)[number]) => ({
    guid,
    name,
    bot,
    ...withMetrics(t as Totals),
  });
  const teamNames = (await teamNamesOf(db, communityId, [id])).get(id) ?? NO_TEAM_NAMES;
  return {
    ...session,
    team_names: teamNames,
    rounds,
    maps,
    players: people.filter((p) => p.lineup && !p.bot).map(shape),
    substitutes: people.filter((p) => !p.lineup && !p.bot).map(shape),
    bots: people.filter((p) => p.bot).map(shape),
    /** Linked players in the tracked voice channels while it was played (`/admin voice`). */
    voice: await sessionAttendance(db, communityId, id),
  };
}
