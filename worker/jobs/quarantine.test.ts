import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { sha256Hex } from '../../stats/file-id.ts';
import { statsFiles } from '../../schema/index.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { rowsOf } from '../db/rows.ts';
import { listQuarantine, quarantinedFile } from '../queries/quarantine.ts';
import { discardQuarantined, retryQuarantined } from './quarantine.ts';
import { addCommunity, DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const C = DEFAULT_COMMUNITY.id;
const NOW = new Date('2026-05-01T12:00:00Z');
const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
let corpus: CorpusDatabase;

beforeAll(async () => {
  corpus = await openCorpusDatabase();
});
afterAll(() => corpus?.close());

const statusOf = async (id: number) =>
  (
    await rowsOf<{ status: string }>(
      corpus.db,
      sql`select status from stats_files where id = ${id}`,
    )
  )[0]?.status;

describe('quarantined files', () => {
  it('shows a file’s refused line and reason', async () => {
    const [newest] = await listQuarantine(corpus.db, C, { limit: 1 });
    const file = await quarantinedFile(corpus.db, C, newest!.id);
    expect(file).toMatchObject({
      id: newest!.id,
      fileName: newest!.file_name,
      server: 'corpus',
      line: newest!.line,
      reason: newest!.reason,
    });
    expect(await quarantinedFile(corpus.db, C, 1)).toBeUndefined();
  });

  it('keeps a file that still does not read quarantined, and imports nothing from it', async () => {
    const [newest] = await listQuarantine(corpus.db, C, { limit: 1 });
    const rounds = await rowsOf(corpus.db, sql`select count(*)::int as n from rounds`);
    expect(await retryQuarantined(corpus.db, C, newest!.id, settings, NOW)).toEqual({
      status: 'still-quarantined',
      fileName: newest!.file_name,
      line: newest!.line,
      reason: newest!.reason,
    });
    expect(await statusOf(newest!.id)).toBe('quarantined');
    expect(await rowsOf(corpus.db, sql`select count(*)::int as n from rounds`)).toEqual(rounds);
  });

  it('imports a file that reads now (a reader fix), with its players, its pairing and the recompute', async () => {
    // Stands in for a file refused by an older reader: readable bytes stored as quarantined.
    const source = corpusFiles().find((f) => f.name.endsWith('-round-1.txt'))!;
    const bytes = Uint8Array.from(
      new TextDecoder('latin1').decode(source.bytes).replace(/^[^\\]*/, 'fixed server'),
      (c) => c.charCodeAt(0),
    );
    const fileName = source.name.replace(/^\d{4}-\d{2}-\d{2}/, '2026-04-29');
    const [row] = await corpus.db
      .insert(statsFiles)
      .values({
        serverId: corpus.serverId,
        sha256: await sha256Hex(bytes),
        fileName,
        bytes,
        size: bytes.length,
        receivedAt: NOW,
        status: 'quarantined',
        errorLine: 1,
        errorReason: 'an old reader refused it',
      })
      .returning({ id: statsFiles.id });
    const outcome = await retryQuarantined(corpus.db, C, row!.id, settings, NOW);
    expect(outcome).toMatchObject({ status: 'imported', fileName, round: 1 });
    expect(await statusOf(row!.id)).toBe('imported');
    const [round] = await rowsOf<{ players: number; session: number | null }>(
      corpus.db,
      sql`
      select (select count(*)::int from player_rounds pr where pr.round_id = r.id) as players, r.session_id as session from rounds r where r.file_id = ${row!.id}`,
    );
    expect(round?.players).toBeGreaterThan(0);
    expect(round?.session).not.toBeNull();
    expect(
      await rowsOf(corpus.db, sql`select scope from recompute_state where scope = 'incremental'`),
    ).toEqual([{ scope: 'incremental' }]);
    expect(await retryQuarantined(corpus.db, C, row!.id, settings, NOW)).toEqual({
      status: 'not-found',
    });
  });

  it('shows, retries and discards only the community’s own quarantined files', async () => {
    const [newest] = await listQuarantine(corpus.db, C, { limit: 1 });
    const other = await addCommunity(corpus.db, 'other', 'Another community');
    expect(await listQuarantine(corpus.db, other)).toEqual([]);
    expect(await quarantinedFile(corpus.db, other, newest!.id)).toBeUndefined();
    expect(await retryQuarantined(corpus.db, other, newest!.id, settings, NOW)).toEqual({
      status: 'not-found',
    });
    expect(await discardQuarantined(corpus.db, other, newest!.id)).toBeUndefined();
    expect(await statusOf(newest!.id)).toBe('quarantined');
  });

  it('discards only quarantined files', async () => {
    const [newest] = await listQuarantine(corpus.db, C, { limit: 1 });
    const [imported] = await rowsOf<{ id: number }>(
      corpus.db,
      sql`select id::int as id from stats_files where status = 'imported' limit 1`,
    );
    expect(await discardQuarantined(corpus.db, C, imported!.id)).toBeUndefined();
    expect(await discardQuarantined(corpus.db, C, newest!.id)).toMatchObject({
      fileName: newest!.file_name,
    });
    expect(await statusOf(newest!.id)).toBeUndefined();
  });
});
