import { and, eq, sql } from 'drizzle-orm';
import { displayText } from '../../stats/display-text.ts';
import type { TeamLabel } from '../../stats/teams.ts';
import { sessionTeamNames } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from '../queries/communities.ts';
import { type TeamNames, NO_TEAM_NAMES, teamNamesOf } from '../queries/team-names.ts';

/** Long enough for a clan tag and a word; short enough for a field title and a chart legend. */
export const TEAM_NAME_MAX = 32;

export type TeamNameResult =
  | { readonly ok: true; readonly names: TeamNames }
  | { readonly ok: false; readonly reason: string };

/** The name as it will be stored and shown (one visible line), or why it cannot be one. */
export function checkTeamName(
  typed: string,
): { ok: true; name: string } | { ok: false; reason: string } {
  const name = displayText(typed);
  if (name === '') return { ok: false, reason: 'the name has nothing visible in it' };
  if ([...name].length > TEAM_NAME_MAX)
    return { ok: false, reason: `the name is longer than ${TEAM_NAME_MAX} characters` };
  return { ok: true, name };
}

/**
 * A moderator names (or, with `typed` null, un-names) one team of a session. The other team cannot have the
 * same name: both would read alike in every result line.
 */
export async function nameTeam(
  db: Queryable,
  communityId: number,
  sessionId: number,
  team: TeamLabel,
  typed: string | null,
  byUserId: string,
): Promise<TeamNameResult> {
  if (team !== 'A' && team !== 'B')
    return { ok: false, reason: `team must be A or B, not "${String(team)}"` };
  const [own] = await rowsOf<{ id: number }>(
    db,
    sql`select s.id from gaming_sessions s where s.id = ${sessionId} and ${ofCommunity(communityId, 's')}`,
  );
  if (!own) return { ok: false, reason: `there is no session ${sessionId}` };
  const where = and(
    eq(sessionTeamNames.communityId, communityId),
    eq(sessionTeamNames.sessionId, sessionId),
    eq(sessionTeamNames.team, team),
  );
  if (typed === null) {
    await db.delete(sessionTeamNames).where(where);
  } else {
    const checked = checkTeamName(typed);
    if (!checked.ok) return checked;
    const current = (await teamNamesOf(db, communityId, [sessionId])).get(sessionId);
    const otherName = current?.[team === 'A' ? 'B' : 'A'];
    if (otherName?.toLowerCase() === checked.name.toLowerCase())
      return { ok: false, reason: `the other team of session ${sessionId} is already called that` };
    await db
      .insert(sessionTeamNames)
      .values({ communityId, sessionId, team, name: checked.name, byUserId })
      .onConflictDoUpdate({
        target: [sessionTeamNames.communityId, sessionTeamNames.sessionId, sessionTeamNames.team],
        set: { name: checked.name, byUserId, createdAt: sql`now()` },
      });
  }
  // The session's pages show the names: after the write, so no page of the old names gets the new version.
  await bumpDataVersion(db, [communityId]);
  const names = (await teamNamesOf(db, communityId, [sessionId])).get(sessionId);
  return { ok: true, names: names ?? NO_TEAM_NAMES };
}
