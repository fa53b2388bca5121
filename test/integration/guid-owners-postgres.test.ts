// GUID prefix ownership on real PostgreSQL with concurrent imports (PGlite has one connection): the
// collision evening sent in a shuffled order, every payload twice, four at a time, gives the database an
// ordered import gives, however often a late earlier round takes a prefix over mid-way.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { migrate } from '../../worker/db/migrate.ts';
import { openNodePostgres } from '../../worker/db/node-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { canonicalDump, withoutIds } from '../support/canonical-dump.ts';
import { guidCollision } from '../support/guid-collision.ts';
import { freshDatabase, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { shuffled } from '../support/shuffle.ts';

const { files, PREFIX, Y } = guidCollision();
let postgres: TestPostgres;
const handles: DatabaseHandle[] = [];

async function open(connections: number) {
  const { url } = await freshDatabase(postgres.url);
  const handle = openNodePostgres(url, { max: connections });
  handles.push(handle);
  await migrate(handle.db);
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'gather' })
    .returning();
  const serverId = (server as { id: number }).id;
  const put = async (file: { name: string; bytes: Uint8Array }) => {
    const outcome = await importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: 60 },
    );
    if (outcome.status !== 'imported' && outcome.status !== 'duplicate')
      throw new Error(`${file.name}: ${JSON.stringify(outcome)}`);
  };
  return { handle, put };
}

const dump = async (db: DatabaseHandle['db']) => ({
  ...withoutIds(await canonicalDump(db)),
  claims: await rowsOf(
    db,
    sql`select f.file_name, g.guid, g.ended_at from stats_lua_guids g join stats_files f on f.id = g.file_id
      order by f.file_name, g.guid`,
  ),
});

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await postgres?.stop();
});

describe('GUID prefix ownership on PostgreSQL, concurrently', () => {
  it('gives the ordered import’s rows from shuffled, duplicated imports four at a time', async () => {
    const ordered = await open(1);
    for (const file of files) await ordered.put(file);
    const expected = await dump(ordered.handle.db);
    const apart = await rowsOf<{ n: number }>(
      ordered.handle.db,
      sql`select count(*)::int as n from player_rounds where guid = ${Y}`,
    );
    expect(apart[0]?.n).toBeGreaterThan(0);
    expect(expected.players.some((p) => (p as { guid: string }).guid === PREFIX)).toBe(true);

    const concurrent = await open(4);
    const queue = shuffled([...files, ...files].reverse(), 15);
    for (let i = 0; i < queue.length; i += 4)
      await Promise.all(queue.slice(i, i + 4).map((file) => concurrent.put(file)));
    expect(await dump(concurrent.handle.db)).toEqual(expected);
  }, 240_000);
});
