import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { generateCorpus } from '../../generator/index.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { rebuildFromRawFiles } from '../importer/rebuild.ts';
import { recomputeAll, type RecomputeSettings } from '../recompute/index.ts';
import { clearTeamOverride, overrideTeam } from './team-overrides.ts';
import { sessionTeamsOf } from '../recompute/read.ts';

const settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: { monthsPerSeason: 3 } };
const now = new Date('2025-10-01T00:00:00Z');
let handle: DatabaseHandle;
let sessionId: number;
let player: { guid: string; team: 'A' | 'B' };

/** The session that starts at the same file time as the one given, after ids changed. */
async function sessionStartingWith(file: string): Promise<number> {
  const [row] = await rowsOf<{ session_id: number }>(
    handle.db,
    sql`
    select r.session_id from rounds r join stats_files f on f.id = r.file_id where f.file_name = ${file}`,
  );
  return row?.session_id as number;
}

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'generated' })
    .returning();
  for (const file of generateCorpus({ seed: 5, evenings: 2, players: 10, rates: { botEvening: 0 } })
    .files) {
    await importStatsFile(
      handle.db,
      {
        serverId: (server as { id: number }).id,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      settings,
    );
  }
  await recomputeAll(handle.db, settings, now);
  const [first] = await rowsOf<{ id: number }>(
    handle.db,
    sql`select id from gaming_sessions order by started_at limit 1`,
  );
  sessionId = first?.id as number;
  const teams = await sessionTeamsOf(handle.db, DEFAULT_COMMUNITY_ID, sessionId);
  player = teams.players[0] as { guid: string; team: 'A' | 'B' };
});
afterAll(() => handle.close());

describe("a moderator's team correction", () => {
  it("puts the player on the team named, at once, marked as the moderator's", async () => {
    const other = player.team === 'A' ? 'B' : 'A';
    const result = await overrideTeam(
      handle.db,
      DEFAULT_COMMUNITY_ID,
      sessionId,
      player.guid,
      other,
      'discord-user-1',
    );
    expect(result.ok).toBe(true);
    const corrected = (
      await sessionTeamsOf(handle.db, DEFAULT_COMMUNITY_ID, sessionId)
    ).players.find((p) => p.guid === player.guid);
    expect(corrected).toMatchObject({ team: other, source: 'moderator', confidence: 1 });
    const [audit] = await rowsOf<{ by_user_id: string; session_id: number }>(
      handle.db,
      sql`select by_user_id, session_id from team_overrides`,
    );
    expect(audit).toEqual({ by_user_id: 'discord-user-1', session_id: sessionId });
  });

  it('is kept by every later recompute, and by a rebuild from the raw files', async () => {
    const other = player.team === 'A' ? 'B' : 'A';
    await recomputeAll(handle.db, settings, now);
    expect(
      (await sessionTeamsOf(handle.db, DEFAULT_COMMUNITY_ID, sessionId)).players.find(
        (p) => p.guid === player.guid,
      )?.team,
    ).toBe(other);
    const [firstFile] = await rowsOf<{ file_name: string }>(
      handle.db,
      sql`
      select f.file_name from rounds r join stats_files f on f.id = r.file_id where r.session_id = ${sessionId} order by r.ended_at limit 1`,
    );
    await rebuildFromRawFiles(handle.db, settings);
    await recomputeAll(handle.db, settings, now);
    sessionId = await sessionStartingWith(firstFile?.file_name as string);
    expect(
      (await sessionTeamsOf(handle.db, DEFAULT_COMMUNITY_ID, sessionId)).players.find(
        (p) => p.guid === player.guid,
      ),
    ).toMatchObject({ team: other, source: 'moderator' });
  });

  it('can be withdrawn, and detection decides again', async () => {
    const result = await clearTeamOverride(handle.db, DEFAULT_COMMUNITY_ID, sessionId, player.guid);
    expect(result.ok).toBe(true);
    expect(
      (await sessionTeamsOf(handle.db, DEFAULT_COMMUNITY_ID, sessionId)).players.find(
        (p) => p.guid === player.guid,
      ),
    ).toMatchObject({ team: player.team, source: 'detected' });
    expect(
      await clearTeamOverride(handle.db, DEFAULT_COMMUNITY_ID, sessionId, player.guid),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('no team correction'),
    });
  });

  it('refuses what it cannot apply, saying why', async () => {
    expect(
      await overrideTeam(handle.db, DEFAULT_COMMUNITY_ID, 999_999, player.guid, 'A', 'u'),
    ).toEqual({
      ok: false,
      reason: 'there is no session 999999',
    });
    expect(
      await overrideTeam(handle.db, DEFAULT_COMMUNITY_ID, sessionId, 'NOTAGUID', 'A', 'u'),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('NOTAGUID played no round'),
    });
    expect(
      await overrideTeam(handle.db, DEFAULT_COMMUNITY_ID, sessionId, player.guid, 'C' as 'A', 'u'),
    ).toEqual({
      ok: false,
      reason: 'team must be A or B, not "C"',
    });
  });
});
