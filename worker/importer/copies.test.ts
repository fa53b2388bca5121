import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { realRoundFiles } from '../../test/support/realdata.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { roundIdsByFileName, roundViews } from '../queries/round-view.ts';
import { pickCopy } from './copies.ts';
import { importStatsFile } from './import-file.ts';

const settings = { sessionGapMinutes: 60 };
const copy = (id: number, readable: boolean, size: number, normalizedSha256: string) => ({
  id,
  readable,
  size,
  normalizedSha256,
});

describe('choosing between copies of one file name', () => {
  it('reads the readable copy, else the longer one, else the lower SHA-256, whatever the order', () => {
    const cut = copy(1, false, 900, 'aa');
    const good = copy(2, true, 800, 'ff');
    const longer = copy(3, true, 850, 'ee');
    const twin = copy(4, true, 850, 'dd');
    for (const order of [
      [cut, good, longer, twin],
      [twin, longer, good, cut],
      [good, twin, cut, longer],
    ])
      expect(pickCopy(order)).toBe(twin);
    expect(pickCopy([cut, copy(5, false, 300, '00')])).toBe(cut);
  });
});

/** A real round file; `edit` changes its text (another copy of the same name). */
function realFile(edit?: (text: string) => string) {
  const file = realRoundFiles().find((f) => f.name.includes('etl_adlernest-round-1')) as {
    name: string;
    bytes: Uint8Array;
  };
  const text = new TextDecoder('latin1').decode(file.bytes);
  return { name: file.name, bytes: edit ? new TextEncoder().encode(edit(text)) : file.bytes };
}

async function importInOrder(files: { name: string; bytes: Uint8Array }[]) {
  const handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'eu' })
    .returning();
  const serverId = (server as { id: number }).id;
  const outcomes = [];
  for (const f of files)
    outcomes.push(
      await importStatsFile(
        handle.db,
        { serverId, fileName: f.name, bytes: f.bytes, receivedAt: new Date(0) },
        settings,
      ),
    );
  return { handle, outcomes };
}

describe('copies of a stored file name', () => {
  const original = realFile();
  // A copy cut off while the server wrote it: its last line lost its end and half its numbers.
  const cut = realFile((t) => t.slice(0, t.lastIndexOf('\t', t.length - 40)));
  // Another play that somehow got the same name: its server name differs.
  const other = realFile((t) => t.replace(/^[^\\]*/, 'Another server'));

  it('keeps a conflicting copy, reports it, and never counts the round twice', async () => {
    const { handle, outcomes } = await importInOrder([original, other]);
    expect(outcomes[1]).toMatchObject({ status: 'conflict', keptFileId: expect.any(Number) });
    const ids = await roundIdsByFileName(handle.db, DEFAULT_COMMUNITY_ID, original.name);
    expect(ids).toHaveLength(1);
    const [view] = await roundViews(handle.db, DEFAULT_COMMUNITY_ID, [
      (ids[0] as { id: number }).id,
    ]);
    expect(view?.conflicting_copies).toBe(1);
    const [n] = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from player_rounds`,
    );
    expect(n?.n).toBe(Object.keys(view?.players ?? {}).length);
    await handle.close();
  });

  it('reads the round from the readable copy whichever arrives first, the cut one kept aside', async () => {
    const cutFirst = await importInOrder([cut, original]);
    const originalFirst = await importInOrder([original, cut]);
    expect(cutFirst.outcomes.map((o) => o.status)).toEqual(['quarantined', 'imported']);
    expect(originalFirst.outcomes.map((o) => o.status)).toEqual(['imported', 'conflict']);
    for (const { handle } of [cutFirst, originalFirst]) {
      const statuses = await rowsOf<{ status: string; size: number }>(
        handle.db,
        sql`select status, size from stats_files order by size`,
      );
      expect(statuses).toEqual([
        { status: 'conflict', size: cut.bytes.length },
        { status: 'imported', size: original.bytes.length },
      ]);
      const [id] = await roundIdsByFileName(handle.db, DEFAULT_COMMUNITY_ID, original.name);
      const [view] = await roundViews(handle.db, DEFAULT_COMMUNITY_ID, [(id as { id: number }).id]);
      expect(Object.keys(view?.players ?? {}).length).toBeGreaterThan(0);
      const [quarantined] = await rowsOf<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from stats_files where status = 'quarantined'`,
      );
      expect(quarantined?.n).toBe(0);
      await handle.close();
    }
  });
});
