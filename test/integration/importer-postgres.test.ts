import { DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';
// The canonical importer on real PostgreSQL with real concurrency (PGlite has one connection): the corpus
// imported in a shuffled order, every file twice, eight at a time over eight connections, must give the
// database an ordered import gives, and an R1 and its R2 sent at the same moment must pair.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { freshDatabase, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { migrate } from '../../worker/db/migrate.ts';
import { openNodePostgres } from '../../worker/db/node-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { roundIdsByFileName, roundViews } from '../../worker/queries/round-view.ts';
import { canonicalDump, withoutIds } from '../support/canonical-dump.ts';
import { corpusFiles, loadTruth } from '../support/corpus.ts';
import { shuffled } from '../support/shuffle.ts';

const settings = { sessionGapMinutes: 60 };
const files = corpusFiles();
let postgres: TestPostgres;
const handles: DatabaseHandle[] = [];

async function open(connections: number) {
  const { url } = await freshDatabase(postgres.url);
  const handle = openNodePostgres(url, { max: connections });
  handles.push(handle);
  await migrate(handle.db);
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  const serverId = (server as { id: number }).id;
  const put = (file: { name: string; bytes: Uint8Array }) =>
    importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
  return { handle, put };
}

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await postgres?.stop();
});

describe('the importer on PostgreSQL, concurrently', () => {
  it('builds the same database from shuffled, duplicated imports eight at a time as from an ordered import', async () => {
    const ordered = await open(1);
    for (const file of files) await ordered.put(file);
    const concurrent = await open(8);
    const queue = shuffled([...files, ...files], 99);
    for (let i = 0; i < queue.length; i += 8)
      await Promise.all(queue.slice(i, i + 8).map((file) => concurrent.put(file)));
    const expected = withoutIds(await canonicalDump(ordered.handle.db));
    expect(expected.files).toHaveLength(files.length);
    expect(withoutIds(await canonicalDump(concurrent.handle.db))).toEqual(expected);
  });

  it('pairs an R1 and its R2 that arrive at the very same moment', async () => {
    const truth = loadTruth();
    const { handle, put } = await open(4);
    const pairs = truth.rounds.filter((r) => r.round === 2 && r.match !== null).slice(0, 10);
    for (const r2 of pairs) {
      const r1Name = `${r2.match}-round-1.txt`;
      const [one, two] = [
        files.find((f) => f.name === r1Name),
        files.find((f) => f.name === r2.file),
      ] as { name: string; bytes: Uint8Array }[];
      const outcomes = await Promise.all([
        put(two as { name: string; bytes: Uint8Array }),
        put(one as { name: string; bytes: Uint8Array }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported']);
      const [stored] = await roundIdsByFileName(handle.db, DEFAULT_COMMUNITY_ID, r2.file);
      const [view] = await roundViews(handle.db, DEFAULT_COMMUNITY_ID, [
        (stored as { id: number }).id,
      ]);
      expect(view?.match, r2.file).toBe(r2.match);
      expect(Object.keys(view?.players ?? {}).sort()).toEqual(Object.keys(r2.players ?? {}).sort());
    }
  });

  it('prepares the statements every import runs once per connection, and only a few of them', async () => {
    const { handle, put } = await open(1);
    for (const file of files.slice(0, 40)) await put(file);
    const prepared = await rowsOf<{ name: string; runs: number }>(
      handle.db,
      sql`
      select name, (generic_plans + custom_plans)::int as runs from pg_prepared_statements where name like 'etstats_%'`,
    );
    // The lock, the store of a readable file, and the store of an unreadable one when there was one:
    // a statement whose text varied from import to import would show up once per variant.
    expect(prepared.length).toBeGreaterThanOrEqual(2);
    expect(prepared.length).toBeLessThanOrEqual(3);
    expect(Math.max(...prepared.map((p) => p.runs))).toBe(40);
  });
});
