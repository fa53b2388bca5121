import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';

export type TeamSide = 'A' | 'B';

/** One session in which every player of the lineup was on the same team. */
export interface LineupSession {
  readonly sessionId: number;
  readonly startedAt: string;
  readonly team: TeamSide;
  /** The team's moderator-given name in that session, if any. */
  readonly teamName: string | null;
  /** Players on that team in the session, the lineup included (substitutes and late joiners too). */
  readonly teamSize: number;
  readonly mapsWon: number;
  readonly mapsLost: number;
  readonly mapsDrawn: number;
  /** The session's result for the lineup's team; null: no complete map, nothing decided. */
  readonly result: 'won' | 'lost' | 'drawn' | null;
}

export interface LineupRecord {
  readonly sessions: number;
  readonly won: number;
  readonly lost: number;
  readonly drawn: number;
  readonly mapsWon: number;
  readonly mapsLost: number;
  readonly mapsDrawn: number;
}

interface Row {
  session_id: number;
  started_at: string;
  team: TeamSide;
  team_name: string | null;
  team_size: number;
  maps_won: number;
  maps_lost: number;
  maps_drawn: number;
  scored: number;
  winner: TeamSide | null;
}

/**
 * Every session of the community in which all the GUIDs were on one team (the recompute's teams, with the
 * moderators' corrections), newest first, with that team's maps won, lost and drawn.
 */
export async function lineupHistory(
  db: Queryable,
  communityId: number,
  guids: readonly string[],
): Promise<LineupSession[]> {
  if (guids.length === 0) return [];
  const ours = sql`(case when l.team = 'A' then sm.team_a_points else sm.team_b_points end)`;
  const theirs = sql`(case when l.team = 'A' then sm.team_b_points else sm.team_a_points end)`;
  const rows = await rowsOf<Row>(
    db,
    sql`
    with lineup as (
      select st.session_id, min(st.team) as team from session_teams st
      join gaming_sessions s on s.id = st.session_id
      where st.guid in ${guids} and ${ofCommunity(communityId, 's')}
      group by st.session_id having count(*) = ${guids.length} and count(distinct st.team) = 1
    )
    select l.session_id, ${isoTime('s.started_at')} as started_at, l.team, coalesce(n.name, case l.team when 'A' then r.team_a_name else r.team_b_name end) as team_name,
      (select count(*) from session_teams t where t.session_id = l.session_id and t.team = l.team)::int as team_size,
      count(sm.match_id) filter (where ${ours} > ${theirs})::int as maps_won,
      count(sm.match_id) filter (where ${ours} < ${theirs})::int as maps_lost,
      count(sm.match_id) filter (where ${ours} = ${theirs})::int as maps_drawn,
      count(sm.match_id) filter (where ${ours} is not null)::int as scored,
      r.winner
    from lineup l join gaming_sessions s on s.id = l.session_id
    left join session_maps sm on sm.session_id = l.session_id
    left join session_results r on r.session_id = l.session_id
    left join session_team_names n on n.community_id = ${communityId} and n.session_id = l.session_id and n.team = l.team
    group by l.session_id, s.started_at, l.team, n.name, r.team_a_name, r.team_b_name, r.winner
    order by s.started_at desc, l.session_id desc`,
  );
  return rows.map((r) => ({
    sessionId: r.session_id,
    startedAt: r.started_at,
    team: r.team,
    teamName: r.team_name,
    teamSize: r.team_size,
    mapsWon: r.maps_won,
    mapsLost: r.maps_lost,
    mapsDrawn: r.maps_drawn,
    result:
      r.scored === 0 ? null : r.winner === null ? 'drawn' : r.winner === r.team ? 'won' : 'lost',
  }));
}

/** The lineup's record over the sessions given. */
export function lineupRecord(sessions: readonly LineupSession[]): LineupRecord {
  const count = (result: LineupSession['result']) =>
    sessions.filter((s) => s.result === result).length;
  const sum = (f: (s: LineupSession) => number) => sessions.reduce((n, s) => n + f(s), 0);
  return {
    sessions: sessions.length,
    won: count('won'),
    lost: count('lost'),
    drawn: count('drawn'),
    mapsWon: sum((s) => s.mapsWon),
    mapsLost: sum((s) => s.mapsLost),
    mapsDrawn: sum((s) => s.mapsDrawn),
  };
}

/**
 * A session team's lineup: its starters (who played the first map), or everyone on it when fewer than two
 * started; empty when the session or the team is not the community's.
 */
export async function sessionLineup(
  db: Queryable,
  communityId: number,
  sessionId: number,
  team: TeamSide,
): Promise<string[]> {
  const rows = await rowsOf<{ guid: string; role: string }>(
    db,
    sql`select t.guid, t.role from session_teams t join gaming_sessions s on s.id = t.session_id
    where t.session_id = ${sessionId} and t.team = ${team} and ${ofCommunity(communityId, 's')} order by t.guid`,
  );
  const starters = rows.filter((r) => r.role === 'starter').map((r) => r.guid);
  return starters.length >= 2 ? starters : rows.map((r) => r.guid);
}

/** Current display names of the GUIDs (the GUID itself for one never seen). */
export async function namesOf(
  db: Queryable,
  guids: readonly string[],
): Promise<Map<string, string>> {
  if (guids.length === 0) return new Map();
  const rows = await rowsOf<{ guid: string; name: string }>(
    db,
    sql`select guid, name from players where guid in ${guids}`,
  );
  return new Map(guids.map((g) => [g, rows.find((r) => r.guid === g)?.name ?? g]));
}
