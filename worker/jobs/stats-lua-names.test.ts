import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { addServerToken } from '../ingest/tokens.ts';
import { setServerTimeZone } from './server-time-zone.ts';

const payloads = statsLuaPayloads(generateCorpus({ seed: 5, evenings: 1, players: 8 }).files).slice(
  0,
  4,
);

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
  const made = await addServerToken(handle.db, { communityId: 1, name: 'gather' });
  if (!made.ok) throw new Error(made.reason);
  for (const p of payloads)
    await importStatsFile(
      handle.db,
      {
        serverId: made.value.server.id,
        fileName: p.name,
        bytes: new TextEncoder().encode(JSON.stringify(p.payload)),
        receivedAt: new Date(0),
      },
      { sessionGapMinutes: 60 },
    );
});
afterAll(() => handle.close());

const rounds = () =>
  rowsOf<{ file_name: string; local_time: string; ended_at: string; match_id: number | null }>(
    handle.db,
    sql`select f.file_name, r.local_time, r.ended_at::text, r.match_id from rounds r join stats_files f on f.id = r.file_id order by r.ended_at`,
  );

describe('a stats.lua server’s zone changes', () => {
  it('keeps its rounds at their instants, renaming them to the new clock', async () => {
    const before = await rounds();
    expect(before).toHaveLength(payloads.length);
    const changed = await setServerTimeZone(
      handle.db,
      { communityId: 1, server: 'gather', zone: 'Asia/Tokyo', now: new Date() },
      { sessionGapMinutes: 60, seasons: QUARTERS },
    );
    expect(changed).toMatchObject({ ok: true, movedRounds: 0 });
    const after = await rounds();
    expect(after.map((r) => r.ended_at)).toEqual(before.map((r) => r.ended_at));
    expect(after.map((r) => r.match_id === null)).toEqual(before.map((r) => r.match_id === null));
    const shift = (local: string) =>
      new Date(Date.parse(`${local}Z`) + 9 * 3_600_000).toISOString().slice(0, 19);
    expect(after.map((r) => r.local_time)).toEqual(before.map((r) => shift(r.local_time)));
    expect(after[0]?.file_name).not.toBe(before[0]?.file_name);
  });
});
