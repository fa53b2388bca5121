// Rounds that arrive after a merge name the merged GUID in their files but are stored under the kept one:
// the recompute after each of them must still leave what a full recompute leaves.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { KEPT, NEW_GUID, splitFiles } from '../../test/support/split-corpus.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { mergePlayers } from '../jobs/merge-players.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { recomputeAfterImport, recomputeAll } from './index.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const settings = { sessionGapMinutes: 60, seasons: QUARTERS };

let handle: PgliteHandle;
let late: number;

beforeAll(async () => {
  handle = await openPglite();
  const serverId = await ensureGameServer(handle.db, { communityId: 1, name: 'corpus' });
  const files = splitFiles();
  const cut = Math.floor(files.length * 0.8);
  const store = (file: { name: string; bytes: Uint8Array }) =>
    importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
  for (const file of files.slice(0, cut)) await store(file);
  await recomputeAll(handle.db, settings, NOW);
  const merged = await mergePlayers(
    handle.db,
    {
      communityId: DEFAULT_COMMUNITY_ID,
      keptGuid: KEPT,
      mergedGuid: NEW_GUID,
      by: 'u1',
      now: NOW,
    },
    settings,
  );
  if (!merged.ok) throw new Error(merged.reason);
  late = 0;
  for (const file of files.slice(cut)) {
    const outcome = await store(file);
    if (outcome.status !== 'imported') continue;
    if (new TextDecoder('latin1').decode(file.bytes).includes(`${NEW_GUID}\\`)) late++;
    await recomputeAfterImport(handle.db, { roundId: outcome.roundId, now: NOW }, settings);
  }
}, 120_000);
afterAll(() => handle?.close());

describe('the recompute after rounds that name a merged GUID', () => {
  it('stores them under the kept player and leaves what a full recompute leaves', async () => {
    expect(late).toBeGreaterThan(0);
    const [stored] = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from player_rounds where guid = ${NEW_GUID}`,
    );
    expect(stored?.n).toBe(0);
    const incremental = await derivedDump(handle.db);
    await recomputeAll(handle.db, settings, NOW);
    expect(await derivedDump(handle.db)).toEqual(incremental);
  });
});
