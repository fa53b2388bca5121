import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';

/**
 * A session's team names: a moderator's (`/admin teams name`), else the one its stats.lua rounds gave
 * (session_results); null: the team has none and is shown as "Team A" / "Team B".
 */
export interface TeamNames {
  readonly A: string | null;
  readonly B: string | null;
}

export const NO_TEAM_NAMES: TeamNames = { A: null, B: null };

/** The names of the sessions' teams (a moderator's first), per session; sessions without any are absent. */
export async function teamNamesOf(
  db: Queryable,
  communityId: number,
  sessionIds: readonly number[],
): Promise<Map<number, TeamNames>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await rowsOf<{ session_id: number; team: 'A' | 'B'; name: string }>(
    db,
    sql`select s.id as session_id, t.team, coalesce(n.name, case t.team when 'A' then r.team_a_name else r.team_b_name end) as name
    from gaming_sessions s cross join (values ('A'), ('B')) t(team)
    left join session_team_names n on n.community_id = ${communityId} and n.session_id = s.id and n.team = t.team
    left join session_results r on r.session_id = s.id
    where s.id in ${sessionIds} and ${ofCommunity(communityId, 's')}
      and coalesce(n.name, case t.team when 'A' then r.team_a_name else r.team_b_name end) is not null`,
  );
  const names = new Map<number, TeamNames>();
  for (const row of rows) {
    const own = names.get(row.session_id) ?? NO_TEAM_NAMES;
    names.set(row.session_id, { ...own, [row.team]: row.name });
  }
  return names;
}
