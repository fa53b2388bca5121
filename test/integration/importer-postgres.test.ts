import { DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';
// The canonical importer on real PostgreSQL with real concurrency (PGlite has one connection): the corpus
// imported in a shuffled order, every file twice, eight at a time over eight connections, must give the
// database an ordered import gives, and an R1 and its R2 sent at the same moment must pair.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playerMerges, players } from '../../schema/index.ts';
import { wallClockToEpochMs } from '../../stats/clock.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { importDatabase, whileImportWaits } from '../support/postgres-import.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { roundIdsByFileName, roundViews } from '../../worker/queries/round-view.ts';
import { canonicalDump, withoutIds } from '../support/canonical-dump.ts';
import { corpusFiles, loadTruth } from '../support/corpus.ts';
import { shuffled } from '../support/shuffle.ts';

const files = corpusFiles();
let postgres: TestPostgres;
const handles: DatabaseHandle[] = [];

const open = (connections: number) =>
  importDatabase(postgres.url, handles, { connections, serverName: 'corpus' });

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

  it('stores a round in the time zone, and with the merges, committed while it waited for the lock', async () => {
    const { handle, put, serverId } = await open(2);
    const file = files.find((f) => {
      const r = f.name.endsWith('-round-1.txt') ? readStatsFile(f.name, f.bytes) : null;
      return r?.ok && r.round.players.length > 0;
    }) as (typeof files)[number];
    const read = readStatsFile(file.name, file.bytes);
    if (!read.ok) throw new Error(read.reason);
    const [merged, kept] = [read.round.players[0]?.guid, 'FEEDBEEF'] as [string, string];
    // A time zone change and a merge hold the import lock while they commit, as their jobs do.
    const imported = await whileImportWaits(
      handle.db,
      () => put(file),
      async (tx) => {
        await tx.execute(
          sql`update game_servers set time_zone = 'America/New_York' where id = ${serverId}`,
        );
        await tx.insert(players).values({
          guid: kept,
          name: 'kept',
          nameRaw: 'kept',
          bot: false,
          firstSeenAt: new Date(0),
          lastSeenAt: new Date(0),
        });
        await tx.insert(playerMerges).values({
          communityId: DEFAULT_COMMUNITY_ID,
          mergedGuid: merged,
          keptGuid: kept,
          mergedBy: 'test',
          mergedAt: new Date(0),
        });
      },
    );
    expect(imported.status).toBe('imported');
    const [round] = await rowsOf<{ ended_ms: number; seen_ms: number[]; guids: string[] }>(
      handle.db,
      sql`select (extract(epoch from r.ended_at) * 1000)::float8 as ended_ms,
        array(select distinct (extract(epoch from p.last_seen_at) * 1000)::float8 from players p where p.guid <> ${kept}) as seen_ms,
        array(select guid from player_rounds pr where pr.round_id = r.id order by guid) as guids from rounds r`,
    );
    // Players are seen when the round ended, in the zone it was stored in.
    const ended = wallClockToEpochMs(read.round.file.localTime, 'America/New_York');
    expect(round?.ended_ms).toBe(ended);
    expect(round?.seen_ms).toEqual([ended]);
    expect(round?.guids).toContain(kept);
    expect(round?.guids).not.toContain(merged);
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
