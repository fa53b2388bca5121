import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/** A session's moderator-given team names; null: the team has none and is shown as "Team A" / "Team B". */
export interface TeamNames {
  readonly A: string | null;
  readonly B: string | null;
}

export const NO_TEAM_NAMES: TeamNames = { A: null, B: null };

/** The custom names of the sessions' teams (`/admin teams name`), per session; sessions without any are absent. */
export async function teamNamesOf(
  db: Queryable,
  communityId: number,
  sessionIds: readonly number[],
): Promise<Map<number, TeamNames>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await rowsOf<{ session_id: number; team: 'A' | 'B'; name: string }>(
    db,
    sql`select session_id, team, name from session_team_names
    where community_id = ${communityId} and session_id in ${sessionIds}`,
  );
  const names = new Map<number, TeamNames>();
  for (const row of rows) {
    const own = names.get(row.session_id) ?? NO_TEAM_NAMES;
    names.set(row.session_id, { ...own, [row.team]: row.name });
  }
  return names;
}
