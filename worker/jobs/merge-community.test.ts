import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks, gameServers } from '../../schema/index.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { addCommunity, DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { listMerges } from '../queries/merges.ts';
import { mergePlayers } from './merge-players.ts';

// Two communities whose servers both saw the same GUID pair (one person, a reinstall): a merge made in
// community A files A's rows only; community B's rows and links keep the second GUID.
const KEPT = '0925E474';
const NEW_GUID = 'FEEDBEEF';
const NOW = new Date('2026-05-01T12:00:00Z');
const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const A = DEFAULT_COMMUNITY.id;

let handle: PgliteHandle;
let B: number;

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** NEW_GUID's (or KEPT's) per-round rows on one community's servers. */
const rowsIn = async (community: number, guid: string) =>
  (
    await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from player_rounds pr join rounds r on r.id = pr.round_id
      join game_servers g on g.id = r.server_id where g.community_id = ${community} and pr.guid = ${guid}`,
    )
  )[0]?.n;

beforeAll(async () => {
  handle = await openPglite();
  B = await addCommunity(handle.db, 'clan-b', 'Clan B');
  const servers = await handle.db
    .insert(gameServers)
    .values([
      { communityId: A, name: 'a' },
      { communityId: B, name: 'b' },
    ])
    .returning();
  // Two rounds KEPT played: in the second, the same person plays as NEW_GUID.
  const played = corpusFiles()
    .filter((f) => f.name.endsWith('-round-1.txt') && latin1(f.bytes).includes(`\n${KEPT}\\`))
    .slice(0, 2);
  expect(played).toHaveLength(2);
  for (const [i, server] of servers.entries()) {
    for (const [j, file] of played.entries()) {
      let text = latin1(file.bytes).replace(/^[^\\]*/, `server ${i}`);
      if (j === 1) text = text.replace(new RegExp(`^${KEPT}\\\\`, 'gm'), `${NEW_GUID}\\`);
      const outcome = await importStatsFile(
        handle.db,
        { serverId: server.id, fileName: file.name, bytes: bytesOf(text), receivedAt: NOW },
        settings,
      );
      expect(outcome.status).toBe('imported');
    }
  }
  await handle.db.insert(discordLinks).values([
    { communityId: A, userId: '1', guid: NEW_GUID, linkedAt: NOW, linkedBy: '1' },
    { communityId: B, userId: '2', guid: NEW_GUID, linkedAt: NOW, linkedBy: '2' },
  ]);
}, 60_000);
afterAll(() => handle?.close());

describe('merges are per community', () => {
  it("files only community A's rows under the kept GUID; B's rows and link stay", async () => {
    expect(await rowsIn(A, NEW_GUID)).toBe(1);
    expect(await rowsIn(B, NEW_GUID)).toBe(1);
    const result = await mergePlayers(
      handle.db,
      { communityId: A, keptGuid: KEPT, mergedGuid: NEW_GUID, by: 'u1', now: NOW },
      settings,
    );
    expect(result).toMatchObject({ ok: true, movedRounds: 1 });
    expect(await rowsIn(A, NEW_GUID)).toBe(0);
    expect(await rowsIn(A, KEPT)).toBe(2);
    expect(await rowsIn(B, NEW_GUID)).toBe(1);
    expect(await rowsIn(B, KEPT)).toBe(1);
    expect(
      await rowsOf(
        handle.db,
        sql`select community_id, user_id, guid from discord_links order by community_id`,
      ),
    ).toEqual([
      { community_id: A, user_id: '1', guid: KEPT },
      { community_id: B, user_id: '2', guid: NEW_GUID },
    ]);
    expect(await listMerges(handle.db, A)).toMatchObject([
      { merged_guid: NEW_GUID, kept_guid: KEPT },
    ]);
    expect(await listMerges(handle.db, B)).toEqual([]);
  }, 60_000);
});
