// Bytes the database can never store (a NUL in a companion's text, any value PostgreSQL refuses) are
// quarantined with their line and reason, so an agent's retry meets a duplicate instead of the same
// failure for ever; a database that is merely unavailable still throws, and nothing is written.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companionFiles, gameServers, rounds, statsFiles } from '../../schema/index.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { realCompanions } from '../../test/support/realdata.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { importStatsFile, importStatsFileWithReading } from './import-file.ts';
import { rebuildFromRawFiles } from './rebuild.ts';
import { isDataException, shortDatabaseError, sqlStateOf } from './refusal.ts';

const settings = { sessionGapMinutes: 60 };
const COMPANION = '2026-01-12-224606-te_escape2-round-2-endstats.txt';
const NUL_REASON = 'line holds the control character U+0000, which a stats file never has';
let handle: DatabaseHandle;
let serverId: number;

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'poison' })
    .returning();
  serverId = (server as { id: number }).id;
});
afterAll(() => handle.close());

const importBytes = (fileName: string, bytes: Uint8Array) =>
  importStatsFile(handle.db, { serverId, fileName, bytes, receivedAt: new Date(0) }, settings);
const stored = (fileName: string) =>
  handle.db
    .select({
      status: statsFiles.status,
      line: statsFiles.errorLine,
      reason: statsFiles.errorReason,
      bytes: statsFiles.bytes,
    })
    .from(statsFiles)
    .where(eq(statsFiles.fileName, fileName));

/** The real companion with a NUL in its second line's player name. */
function poisonedCompanion(): Uint8Array {
  const real = (realCompanions()[0] as { bytes: Uint8Array }).bytes;
  const spot = real.indexOf(0x0a) + 1 + real.subarray(real.indexOf(0x0a) + 1).indexOf(0x09) + 2;
  return new Uint8Array([...real.subarray(0, spot), 0, ...real.subarray(spot)]);
}

describe('poison bytes', () => {
  it('quarantines an endstats companion holding a NUL, with line and reason, keeping its bytes', async () => {
    const bytes = poisonedCompanion();
    expect(await importBytes(COMPANION, bytes)).toEqual({
      status: 'quarantined',
      fileId: expect.any(Number),
      line: 2,
      reason: NUL_REASON,
    });
    const [kept] = await stored(COMPANION);
    expect(kept).toMatchObject({ status: 'quarantined', line: 2, reason: NUL_REASON });
    expect(Buffer.from(kept?.bytes as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(await handle.db.$count(companionFiles)).toBe(0);
    // The agent's retry of the same bytes: a duplicate, never the same failure again.
    expect(await importBytes(COMPANION, bytes)).toMatchObject({
      status: 'duplicate',
      previous: 'quarantined',
    });
    // The clean companion still arrives as a companion.
    const clean = (realCompanions()[0] as { bytes: Uint8Array }).bytes;
    expect(await importBytes(COMPANION, clean)).toMatchObject({ status: 'companion' });
  });

  it('quarantines a file whose value the database refuses (a data exception), keeping nothing derived', async () => {
    const file = corpusFiles().find((f) => f.name.endsWith('-round-1.txt')) as {
      name: string;
      bytes: Uint8Array;
    };
    // A value PostgreSQL refuses, as it refuses a NUL in text (22021), raised where rounds are stored.
    await handle.db.execute(sql`create function refuse() returns trigger language plpgsql as $$
      begin raise exception 'invalid byte sequence for encoding "UTF8": 0x00' using errcode = '22021';
      end $$`);
    await handle.db.execute(
      sql`create trigger refuse before insert on rounds for each row execute function refuse()`,
    );
    try {
      const { outcome, reading } = await importStatsFileWithReading(
        handle.db,
        { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
        settings,
      );
      const reason =
        'the database refused a value of the file: ' +
        'invalid byte sequence for encoding "UTF8": 0x00 (SQLSTATE 22021)';
      expect(outcome).toEqual({
        status: 'quarantined',
        fileId: expect.any(Number),
        line: 0,
        reason,
      });
      expect(reading).toEqual({ ok: false, line: 0, reason });
      expect(await stored(file.name)).toMatchObject([{ status: 'quarantined', line: 0, reason }]);
      expect(await handle.db.$count(rounds)).toBe(0);
    } finally {
      await handle.db.execute(sql`drop trigger refuse on rounds`);
    }
  });

  it('still throws when the database fails otherwise (worth a retry), storing nothing', async () => {
    const file = corpusFiles().find((f) => f.name.endsWith('-round-2.txt')) as {
      name: string;
      bytes: Uint8Array;
    };
    await handle.db.execute(sql`create function shut() returns trigger language plpgsql as $$
      begin raise exception 'terminating connection due to administrator command'
        using errcode = '57P01'; end $$`);
    await handle.db.execute(
      sql`create trigger shut before insert on rounds for each row execute function shut()`,
    );
    try {
      const failure = await importBytes(file.name, file.bytes).catch((error: unknown) => error);
      expect(sqlStateOf(failure)).toBe('57P01');
      expect(isDataException(failure)).toBe(false);
      expect(shortDatabaseError(failure)).toBe(
        'terminating connection due to administrator command (SQLSTATE 57P01)',
      );
      expect(await stored(file.name)).toEqual([]);
    } finally {
      await handle.db.execute(sql`drop trigger shut on rounds`);
    }
  });

  it('keeps the quarantined companion quarantined for the same line and reason through a rebuild', async () => {
    const report = await rebuildFromRawFiles(handle.db, settings);
    expect(report.changedStatus.filter((c) => c.startsWith(COMPANION))).toEqual([]);
    const [kept] = await stored(COMPANION);
    expect(kept).toMatchObject({ status: 'quarantined', line: 2, reason: NUL_REASON });
  });
});
