import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers, gamingSessions, rounds, statsFiles } from '../../schema/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import type { Database, DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from './import-file.ts';
import { shuffled } from '../../test/support/shuffle.ts';
import { realCrlfCopies, realRoundFiles } from '../../test/support/realdata.ts';

const settings = { sessionGapMinutes: 60 };
const files = corpusFiles();

async function freshDatabase() {
  const handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  return { handle, serverId: (server as { id: number }).id };
}

const upload = (serverId: number, file: { name: string; bytes: Uint8Array }) => ({
  serverId,
  fileName: file.name,
  bytes: file.bytes,
  receivedAt: new Date(0),
});

let inOrder: { handle: DatabaseHandle; serverId: number };
let scrambled: { handle: DatabaseHandle; serverId: number };

beforeAll(async () => {
  inOrder = await freshDatabase();
  for (const file of files)
    await importStatsFile(inOrder.handle.db, upload(inOrder.serverId, file), settings);
  scrambled = await freshDatabase();
  // Every file twice, in a shuffled order, three at a time.
  const queue = shuffled([...files, ...files], 20251002);
  for (let i = 0; i < queue.length; i += 3) {
    await Promise.all(
      queue
        .slice(i, i + 3)
        .map((file) =>
          importStatsFile(scrambled.handle.db, upload(scrambled.serverId, file), settings),
        ),
    );
  }
});
afterAll(async () => {
  await inOrder.handle.close();
  await scrambled.handle.close();
});

async function sessionsByFile(db: Database) {
  const rows = await db
    .select({ session: gamingSessions.startedAt, file: statsFiles.fileName })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .innerJoin(gamingSessions, eq(gamingSessions.id, rounds.sessionId))
    .orderBy(asc(rounds.endedAt));
  const grouped = new Map<number, string[]>();
  for (const r of rows)
    grouped.set(r.session.getTime(), [...(grouped.get(r.session.getTime()) ?? []), r.file]);
  return [...grouped.entries()].sort((a, b) => a[0] - b[0]).map(([, names]) => names);
}

describe('the importer is order-independent', () => {
  it('builds the same database from shuffled, duplicated, concurrent imports as from an ordered one', async () => {
    const a = withoutIds(await canonicalDump(inOrder.handle.db));
    const b = withoutIds(await canonicalDump(scrambled.handle.db));
    expect(a.files).toHaveLength(files.length);
    expect(b).toEqual(a);
  });

  it('groups the rounds into the gaming sessions of truth.json (60-minute gap)', async () => {
    const truth = loadTruth();
    expect(await sessionsByFile(inOrder.handle.db)).toEqual(truth.sessions.map((s) => s.rounds));
    const counts = await rowsOf<{ player_count: number }>(
      inOrder.handle.db,
      sql`select player_count from gaming_sessions order by started_at`,
    );
    expect(counts.map((r) => r.player_count)).toEqual(truth.sessions.map((s) => s.players.length));
  });
});

describe('session ids are stable', () => {
  const ids = (db: Database) =>
    rowsOf<{ id: number; started: string }>(
      db,
      sql`select id, to_char(started_at at time zone 'UTC', 'YYYYMMDDHH24MI') as started from gaming_sessions order by started_at`,
    );

  it('gives a shuffled, duplicated, concurrent re-import into a fresh database the same ids, each its start minute', async () => {
    const ordered = await ids(inOrder.handle.db);
    expect(ordered.length).toBeGreaterThan(1);
    expect(await ids(scrambled.handle.db)).toEqual(ordered);
    // One server: no two sessions start in the same minute, so each id is its own start's.
    for (const s of ordered) expect(String(s.id)).toBe(s.started);
  });
});

describe('the importer is order-independent with real server files mixed in', () => {
  it('builds the same rounds whatever the order, the duplicates and the line ends of the files', async () => {
    const real = realRoundFiles();
    const copies = realCrlfCopies();
    const build = async (
      queue: { server: 'corpus' | 'real'; file: { name: string; bytes: Uint8Array } }[],
    ) => {
      const handle = await openPglite();
      const ids = new Map<string, number>();
      for (const name of ['corpus', 'real']) {
        const [server] = await handle.db
          .insert(gameServers)
          .values({ communityId: 1, name })
          .returning();
        ids.set(name, (server as { id: number }).id);
      }
      for (let i = 0; i < queue.length; i += 3)
        await Promise.all(
          queue
            .slice(i, i + 3)
            .map(({ server, file }) =>
              importStatsFile(handle.db, upload(ids.get(server) as number, file), settings),
            ),
        );
      // Which copy of a round (LF or CRLF) was stored first differs; what was read from it does not.
      const { files: _files, ...derived } = withoutIds(await canonicalDump(handle.db));
      await handle.close();
      return derived;
    };
    const corpus = files.map((file) => ({ server: 'corpus' as const, file }));
    const realFiles = real.map((file) => ({ server: 'real' as const, file }));
    const crlf = copies.map((file) => ({ server: 'real' as const, file }));
    const ordered = await build([...corpus, ...realFiles]);
    const mixed = await build(
      shuffled([...corpus, ...realFiles, ...crlf, ...realFiles, ...crlf], 2026),
    );
    expect(mixed).toEqual(ordered);
  });
});
