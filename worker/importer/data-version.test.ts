// The website keys its caches and ETags by each community's data version (db/data-version.ts): what an
// import stores must move it, in the same transaction, for its own community only; what stores nothing
// new must leave it, or every page would be drawn again for nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { addCommunity } from '../../test/support/community.ts';
import { realCompanions, realRoundFiles } from '../../test/support/realdata.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile, UnknownServerError } from './import-file.ts';

const settings = { sessionGapMinutes: 60 };
let handle: DatabaseHandle;
let ours: number;
let theirs: number;
let otherCommunity: number;

beforeAll(async () => {
  handle = await openPglite();
  ours = await ensureGameServer(handle.db, { communityId: 1, name: 'ours' });
  otherCommunity = await addCommunity(handle.db, 'other', 'Another community');
  theirs = await ensureGameServer(handle.db, { communityId: otherCommunity, name: 'theirs' });
});
afterAll(() => handle.close());

const versions = async () => {
  const rows = await rowsOf<{ id: number; v: number }>(
    handle.db,
    sql`select id::int as id, data_version::int as v from communities order by id`,
  );
  return new Map(rows.map((r) => [r.id, r.v]));
};

/** Imports a file to server `serverId`; its outcome and how much each community's version moved. */
async function moved(serverId: number, name: string, bytes: Uint8Array) {
  const before = await versions();
  const outcome = await importStatsFile(
    handle.db,
    { serverId, fileName: name, bytes, receivedAt: new Date(0) },
    settings,
  );
  const after = await versions();
  return {
    status: outcome.status,
    ours: (after.get(1) as number) - (before.get(1) as number),
    theirs: (after.get(otherCommunity) as number) - (before.get(otherCommunity) as number),
  };
}

const round = realRoundFiles().find((f) => f.name.includes('te_escape2-round-2')) as {
  name: string;
  bytes: Uint8Array;
};
const companion = realCompanions()[0] as { name: string; bytes: Uint8Array };
const encoder = new TextEncoder();

describe('the data version an import moves', () => {
  it('moves once for a new round, on its own community only; a duplicate moves nothing', async () => {
    expect(await moved(ours, round.name, round.bytes)).toEqual({
      status: 'imported',
      ours: 1,
      theirs: 0,
    });
    expect(await moved(theirs, round.name, round.bytes)).toEqual({
      status: 'imported',
      ours: 0,
      theirs: 1,
    });
    expect(await moved(ours, round.name, round.bytes)).toMatchObject({ ours: 0, theirs: 0 });
  });

  it('moves for another copy of a stored name (kept as a conflict)', async () => {
    const text = new TextDecoder().decode(round.bytes);
    const longer = encoder.encode(`${text.trimEnd()}\nextra line the reader refuses\n`);
    expect(await moved(ours, round.name, longer)).toEqual({
      status: 'conflict',
      ours: 1,
      theirs: 0,
    });
  });

  it('moves for a new endstats companion (the session page shows its awards), not for its duplicate', async () => {
    expect(await moved(ours, companion.name, companion.bytes)).toEqual({
      status: 'companion',
      ours: 1,
      theirs: 0,
    });
    expect(await moved(ours, companion.name, companion.bytes)).toEqual({
      status: 'companion',
      ours: 0,
      theirs: 0,
    });
  });

  it('moves nothing for an unreadable file kept in quarantine, nor for an unknown server; moves for its readable copy', async () => {
    const unreadable = encoder.encode('not a stats file\n');
    expect(await moved(ours, '2026-02-01-200000-supply-round-1.txt', unreadable)).toEqual({
      status: 'quarantined',
      ours: 0,
      theirs: 0,
    });
    // The round's readable copy arrives after it: it is read from that one, and the version moves.
    const readable = realRoundFiles().find((f) => f.name.includes('supply-round-1')) as {
      name: string;
      bytes: Uint8Array;
    };
    expect(await moved(ours, readable.name, encoder.encode('cut short\n'))).toMatchObject({
      status: 'quarantined',
      ours: 0,
    });
    expect(await moved(ours, readable.name, readable.bytes)).toEqual({
      status: 'imported',
      ours: 1,
      theirs: 0,
    });
    const before = await versions();
    await expect(
      importStatsFile(
        handle.db,
        { serverId: 999, fileName: round.name, bytes: round.bytes, receivedAt: new Date(0) },
        settings,
      ),
    ).rejects.toBeInstanceOf(UnknownServerError);
    expect(await versions()).toEqual(before);
  });
});
