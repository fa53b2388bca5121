import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { gameServers } from '../../schema/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import type { Database } from '../db/database.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { recomputeAll } from '../recompute/index.ts';
import { mergePlayers } from './merge-players.ts';
import { setServerTimeZone } from './server-time-zone.ts';

// A server registered in UTC whose clock was Berlin's all along: once its zone is set, the database must
// be the one an import in Berlin time would have built. A second server (New York) shares players with
// it, one of them under another GUID merged into the first, so players' times cross servers.
const NOW = new Date('2026-05-01T12:00:00Z');
const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const KEPT = '0925E474';
const OTHER_GUID = 'FEEDBEEF';

const files = corpusFiles();
/** The first evening again on the New York server, where the regular plays under another GUID. */
const newYorkFiles = files
  .filter((f) => f.name.startsWith('2025-09-04'))
  .map((file) => {
    const text = new TextDecoder('latin1')
      .decode(file.bytes)
      .replace(new RegExp(`^${KEPT}\\\\`, 'gm'), `${OTHER_GUID}\\`);
    return { name: file.name, bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) };
  });

async function database(euZone: string): Promise<PgliteHandle> {
  const handle = await openPglite();
  const servers = await handle.db
    .insert(gameServers)
    .values([
      { communityId: 1, name: 'eu', timeZone: euZone },
      { communityId: 1, name: 'us', timeZone: 'America/New_York' },
    ])
    .returning();
  const [eu, us] = servers as { id: number }[];
  const put = async (serverId: number, file: { name: string; bytes: Uint8Array }) =>
    importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
  for (const file of files) await put(eu!.id, file);
  for (const file of newYorkFiles) await put(us!.id, file);
  await mergePlayers(
    handle.db,
    {
      communityId: DEFAULT_COMMUNITY_ID,
      keptGuid: KEPT,
      mergedGuid: OTHER_GUID,
      by: 'u',
      now: NOW,
    },
    settings,
  );
  await recomputeAll(handle.db, settings, NOW);
  return handle;
}

const endedAt = async (db: Database, fileName: string) =>
  (
    await rowsOf<{ ended_at: string }>(
      db,
      sql`select to_json(r.ended_at)#>>'{}' as ended_at from rounds r join stats_files f on f.id = r.file_id
      join game_servers g on g.id = r.server_id where g.name = 'eu' and f.file_name = ${fileName}`,
    )
  )[0]?.ended_at;

const counts = async (db: Database) =>
  (
    await rowsOf<Record<string, number>>(
      db,
      sql`select (select count(*)::int from matches where round2_id is not null) as pairs,
      (select count(*)::int from gaming_sessions) as sessions,
      (select count(*)::int from leaderboard_entries) as leaderboard`,
    )
  )[0];

let moved: PgliteHandle;
let berlin: PgliteHandle;

beforeAll(async () => {
  moved = await database('UTC');
  berlin = await database('Europe/Berlin');
}, 180_000);
afterAll(async () => {
  await moved?.close();
  await berlin?.close();
});

describe('setting a game server’s time zone', () => {
  it('re-times its rounds, pairs, sessions and players as an import in that zone would have', async () => {
    const first = '2025-09-04-202728-frostbite-round-1.txt';
    expect(await endedAt(moved.db, first)).toBe('2025-09-04T20:27:28+00:00');
    const before = await counts(moved.db);

    const result = await setServerTimeZone(
      moved.db,
      { communityId: DEFAULT_COMMUNITY_ID, server: 'eu', zone: 'Europe/Berlin', now: NOW },
      settings,
    );
    expect(result).toEqual({
      ok: true,
      server: 'eu',
      from: 'UTC',
      to: 'Europe/Berlin',
      rounds: 181,
      movedRounds: 181,
    });
    expect(await endedAt(moved.db, first)).toBe('2025-09-04T18:27:28+00:00');
    expect(await counts(moved.db)).toEqual(before);
    expect(withoutIds(await canonicalDump(moved.db))).toEqual(
      withoutIds(await canonicalDump(berlin.db)),
    );
    // The first evening's session moved with its rounds (New York's still starts after midnight UTC).
    expect(
      await rowsOf(
        moved.db,
        sql`select to_json(started_at)#>>'{}' as started_at from gaming_sessions order by started_at limit 2`,
      ),
    ).toEqual([
      { started_at: '2025-09-04T18:17:28+00:00' },
      { started_at: '2025-09-05T00:17:28+00:00' },
    ]);
  }, 120_000);

  it('changes nothing when the zone is the one it has', async () => {
    const dump = withoutIds(await canonicalDump(moved.db));
    expect(
      await setServerTimeZone(
        moved.db,
        { communityId: DEFAULT_COMMUNITY_ID, server: 'eu', zone: 'europe/berlin', now: NOW },
        settings,
      ),
    ).toEqual({
      ok: true,
      server: 'eu',
      from: 'Europe/Berlin',
      to: 'Europe/Berlin',
      rounds: 181,
      movedRounds: 0,
    });
    expect(withoutIds(await canonicalDump(moved.db))).toEqual(dump);
  });

  it('refuses an unknown server or zone, changing nothing', async () => {
    expect(
      await setServerTimeZone(
        moved.db,
        { communityId: DEFAULT_COMMUNITY_ID, server: 'mars', zone: 'UTC', now: NOW },
        settings,
      ),
    ).toEqual({ ok: false, reason: 'there is no game server named "mars"' });
    expect(
      await setServerTimeZone(
        moved.db,
        {
          communityId: DEFAULT_COMMUNITY_ID,
          server: 'eu',
          zone: 'Europe/Berlinn',
          option: '`zone`',
          now: NOW,
        },
        settings,
      ),
    ).toEqual({
      ok: false,
      reason: '`zone` "Europe/Berlinn" is not an IANA time zone name, e.g. Europe/Berlin',
    });
    const [eu] = await rowsOf(moved.db, sql`select time_zone from game_servers where name = 'eu'`);
    expect(eu).toEqual({ time_zone: 'Europe/Berlin' });
  });
});
