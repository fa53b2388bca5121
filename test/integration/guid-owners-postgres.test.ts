// GUID prefix ownership on real PostgreSQL with concurrent imports (PGlite has one connection): the
// collision evening sent in a shuffled order, every payload twice, four at a time, gives the database an
// ordered import gives, however often a late earlier round takes a prefix over mid-way.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { canonicalDump, withoutIds } from '../support/canonical-dump.ts';
import { guidCollision } from '../support/guid-collision.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { importDatabase, whileImportWaits } from '../support/postgres-import.ts';
import { shuffled } from '../support/shuffle.ts';

const { files, matchOf, PREFIX, X, Y, yRounds } = guidCollision();
let postgres: TestPostgres;
const handles: DatabaseHandle[] = [];

async function open(connections: number) {
  const db = await importDatabase(postgres.url, handles, { connections, serverName: 'gather' });
  const put = async (file: { name: string; bytes: Uint8Array }) => {
    const outcome = await db.put(file);
    if (outcome.status !== 'imported' && outcome.status !== 'duplicate')
      throw new Error(`${file.name}: ${JSON.stringify(outcome)}`);
  };
  return { handle: db.handle, put };
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
    // X seen in an earlier round, recorded under the import lock as an import records it.
    await whileImportWaits(
      handle.db,
      () => put(second),
      async (tx) => {
        await tx.execute(sql`with f as (
            insert into stats_files (server_id, sha256, normalized_sha256, file_name, bytes, size, received_at, status)
            select server_id, 'x', 'x', 'stats-early.json', '\\x00'::bytea, 1, now(), 'imported' from stats_files limit 1
            returning id, server_id)
          insert into stats_lua_guids (file_id, server_id, guid, prefix, ended_at)
          select id, server_id, ${X}, ${PREFIX}, '2000-01-01T00:00:00Z' from f`);
      },
    );
    // X owns the prefix now: Y, waiting meanwhile, is filed apart under its 32 characters, in R2 as in R1.
    expect(await playedAs(second)).toEqual([Y]);
  }, 120_000);
});
