import { sql } from 'drizzle-orm';
import type { TeamLabel } from '../../stats/teams.ts';
import { teamOverrides } from '../../schema/index.ts';
import type { Queryable, Transaction } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from '../queries/communities.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { locked } from '../db/locks.ts';
import { type SessionTeamsView, sessionTeamsOf } from '../recompute/read.ts';
import { recomputeTeams } from '../recompute/teams.ts';

export type OverrideResult =
  | { readonly ok: true; readonly teams: SessionTeamsView }
  | { readonly ok: false; readonly reason: string };

/** The session's first round's file (the correction's anchor), if the player played in it as a human. */
async function anchorOf(
  tx: Transaction,
  communityId: number,
  sessionId: number,
  guid: string,
): Promise<{ fileId: number } | { reason: string }> {
  const [first] = await rowsOf<{ file_id: number | string }>(
    tx,
    sql`
    select r.file_id from rounds r join stats_files f on f.id = r.file_id
    where r.session_id = ${sessionId} and ${ofCommunity(communityId)}
    order by r.ended_at, f.sha256 limit 1`,
  );
  if (!first) return { reason: `there is no session ${sessionId}` };
  const [played] = await rowsOf<{ one: number }>(
    tx,
    sql`
    select 1 as one from player_rounds pr join rounds r on r.id = pr.round_id
    where r.session_id = ${sessionId} and pr.guid = ${guid} and not pr.bot and pr.team <> 3 limit 1`,
  );
  if (!played)
    return { reason: `player ${guid} played no round on a team in session ${sessionId}` };
  return { fileId: Number(first.file_id) };
}

/**
 * A moderator's correction (`/admin teams`): `guid` was on `team` in the session. Stored against the
 * session's first file, so it survives rebuilds; the session's teams and results are recomputed at once,
 * and every later recompute respects it. The latest correction for a player wins.
 */
export async function overrideTeam(
  db: Queryable,
  communityId: number,
  sessionId: number,
  guid: string,
  team: TeamLabel,
  byUserId: string,
): Promise<OverrideResult> {
  if (team !== 'A' && team !== 'B')
    return { ok: false, reason: `team must be A or B, not "${String(team)}"` };
  return locked(db, async (tx): Promise<OverrideResult> => {
    const anchor = await anchorOf(tx, communityId, sessionId, guid);
    if ('reason' in anchor) return { ok: false, reason: anchor.reason };
    await tx
      .insert(teamOverrides)
      .values({ fileId: anchor.fileId, guid, team, byUserId, sessionId })
      .onConflictDoUpdate({
        target: [teamOverrides.fileId, teamOverrides.guid],
        set: { team, byUserId, sessionId, createdAt: sql`now()` },
      });
    await recomputeTeams(tx, [sessionId]);
    await bumpDataVersion(tx, [communityId]);
    return { ok: true, teams: await sessionTeamsOf(tx, communityId, sessionId) };
  });
}

/** Withdraws every correction of `guid` in the session: detection decides again. */
export async function clearTeamOverride(
  db: Queryable,
  communityId: number,
  sessionId: number,
  guid: string,
): Promise<OverrideResult> {
  return locked(db, async (tx): Promise<OverrideResult> => {
    const removed = await rowsOf<{ guid: string }>(
      tx,
      sql`
      delete from team_overrides o using rounds r where r.file_id = o.file_id and r.session_id = ${sessionId}
        and o.guid = ${guid} and ${ofCommunity(communityId)}
      returning o.guid`,
    );
    if (removed.length === 0)
      return { ok: false, reason: `player ${guid} has no team correction in session ${sessionId}` };
    await recomputeTeams(tx, [sessionId]);
    await bumpDataVersion(tx, [communityId]);
    return { ok: true, teams: await sessionTeamsOf(tx, communityId, sessionId) };
  });
}
