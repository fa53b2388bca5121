import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rebuildFromRawFiles } from './rebuild.ts';

const settings = { sessionGapMinutes: 60 };
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

describe('rebuild from the stored raw files', () => {
  it('re-derives exactly the database the imports built, losing no file', async () => {
    const before = withoutIds(await canonicalDump(handle.db));
    const report = await rebuildFromRawFiles(handle.db, settings);
    expect(report).toEqual({ files: 188, rounds: 181, quarantined: 7, changedStatus: [] });
    expect(withoutIds(await canonicalDump(handle.db))).toEqual(before);
  });

  it('leaves the previous answers in place when it fails halfway', async () => {
    const before = withoutIds(await canonicalDump(handle.db));
    // A trigger that fails on the 100th re-inserted round stands in for a crash mid-rebuild.
    await handle.db.execute(sql`create sequence boom_seq`);
    await handle.db.execute(sql`create function boom() returns trigger language plpgsql as $$
      begin if nextval('boom_seq') = 100 then raise exception 'simulated failure'; end if; return new; end $$`);
    await handle.db.execute(
      sql`create trigger boom before insert on rounds for each row execute function boom()`,
    );
    await expect(rebuildFromRawFiles(handle.db, settings)).rejects.toThrow();
    await handle.db.execute(sql`drop trigger boom on rounds`);
    expect(withoutIds(await canonicalDump(handle.db))).toEqual(before);
  });
});
