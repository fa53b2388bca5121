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
import { IMPORT_LOCK_KEY } from '../../worker/db/locks.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { canonicalDump, withoutIds } from '../support/canonical-dump.ts';
import { guidCollision } from '../support/guid-collision.ts';
import { freshDatabase, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { shuffled } from '../support/shuffle.ts';

const { files, matchOf, PREFIX, X, Y, yRounds } = guidCollision();
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

  it('files a round under the owner a claim committed while it waited for the lock made', async () => {
    const { handle, put } = await open(2);
    const matches = yRounds.map((f) => matchOf(f.name));
    const both = matches.find((m, i) => matches.indexOf(m) !== i);
    const [first, second] = yRounds.filter((f) => matchOf(f.name) === both);
    if (!first || !second)
      throw new Error('the collision evening has no match with Y in both rounds');
    await put(first);
    const playedAs = async (file: { name: string }) =>
      (
        await rowsOf<{ guid: string }>(
          handle.db,
          sql`select pr.guid from player_rounds pr join rounds r on r.id = pr.round_id
            join stats_files f on f.id = r.file_id where f.file_name = ${file.name} and pr.guid like ${`${PREFIX}%`}`,
        )
      ).map((r) => r.guid);
    // Y is the only GUID of the prefix so far: it owns it.
    expect(await playedAs(first)).toEqual([PREFIX]);
    let importing: Promise<void> | undefined;
    // X seen in an earlier round, recorded under the import lock as an import records it.
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
      importing = put(second);
      for (;;) {
        const [waiting] = await rowsOf<{ n: number }>(
          tx,
          sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
        );
        if (waiting?.n === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await tx.execute(sql`with f as (
          insert into stats_files (server_id, sha256, normalized_sha256, file_name, bytes, size, received_at, status)
          select server_id, 'x', 'x', 'stats-early.json', '\\x00'::bytea, 1, now(), 'imported' from stats_files limit 1
          returning id, server_id)
        insert into stats_lua_guids (file_id, server_id, guid, prefix, ended_at)
        select id, server_id, ${X}, ${PREFIX}, '2000-01-01T00:00:00Z' from f`);
    });
    await importing;
    // X owns the prefix now: Y, waiting meanwhile, is filed apart under its 32 characters, in R2 as in R1.
    expect(await playedAs(second)).toEqual([Y]);
  }, 120_000);
});
