import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { rowsOf } from '../db/rows.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import { recomputeAll } from './index.ts';
import { drainRecomputeQueue, queueRecompute } from './queue.ts';

const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const now = new Date('2025-10-20T12:00:00Z');
let queued: CorpusDatabase;
let full: CorpusDatabase;

beforeAll(async () => {
  [queued, full] = await Promise.all([openCorpusDatabase(), openCorpusDatabase()]);
});
afterAll(async () => {
  await queued.close();
  await full.close();
});

describe('the recompute queue', () => {
  it('drained fifty rounds at a time, ends where a full recompute does, and empties', async () => {
    const ids = (
      await rowsOf<{ id: number }>(queued.db, sql`select id from rounds order by md5(id::text)`)
    ).map((r) => r.id);
    for (const id of ids) await queueRecompute(queued.db, id, now);
    await queueRecompute(queued.db, ids[0] as number, now); // queued twice: recomputed once
    const report = await drainRecomputeQueue(queued.db, settings, now);
    expect(report).toMatchObject({ rounds: ids.length, busy: false });
    expect(await rowsOf(queued.db, sql`select * from recompute_queue`)).toEqual([]);
    await recomputeAll(full.db, settings, now);
    expect(await derivedDump(queued.db)).toEqual(await derivedDump(full.db));
  });

  it('stops at its time budget and leaves the rest queued for the next drain', async () => {
    const ids = (
      await rowsOf<{ id: number }>(queued.db, sql`select id from rounds order by id limit 65`)
    ).map((r) => r.id);
    for (const id of ids) await queueRecompute(queued.db, id, now);
    const first = await drainRecomputeQueue(queued.db, settings, now, { budgetMs: 0 });
    expect(first.rounds).toBe(50);
    expect(await rowsOf(queued.db, sql`select round_id from recompute_queue`)).toHaveLength(15);
    expect((await drainRecomputeQueue(queued.db, settings, now)).rounds).toBe(15);
  });
});
