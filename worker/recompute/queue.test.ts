import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { rowsOf } from '../db/rows.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import * as recompute from './index.ts';
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

  it('waits for a burst to end: twenty rounds queued while it waits are recomputed in one batch', async () => {
    const ids = (
      await rowsOf<{ id: number }>(queued.db, sql`select id from rounds order by id limit 20`)
    ).map((r) => r.id);
    const batches = vi.spyOn(recompute, 'recomputeRounds');
    try {
      await queueRecompute(queued.db, ids[0] as number, now);
      const drain = drainRecomputeQueue(queued.db, settings, now, { settleMs: 120 });
      // The rest arrive one by one, each well within the quiet period after the one before.
      for (const id of ids.slice(1)) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        await queueRecompute(queued.db, id, now);
      }
      const report = await drain;
      expect(report).toMatchObject({ rounds: 20, busy: false, races: 0 });
      expect(batches).toHaveBeenCalledTimes(1);
      expect(batches.mock.calls[0]?.[1].roundIds).toHaveLength(20);
    } finally {
      batches.mockRestore();
    }
    await recomputeAll(full.db, settings, now);
    expect(await derivedDump(queued.db)).toEqual(await derivedDump(full.db));
  });

  it('does not wait past its longest wait when rounds never stop coming', async () => {
    const ids = (
      await rowsOf<{ id: number }>(queued.db, sql`select id from rounds order by id limit 12`)
    ).map((r) => r.id);
    await queueRecompute(queued.db, ids[0] as number, now);
    let stop = false;
    const stream = (async () => {
      for (const id of ids.slice(1)) {
        if (stop) return;
        await new Promise((resolve) => setTimeout(resolve, 40));
        await queueRecompute(queued.db, id, now);
      }
    })();
    const report = await drainRecomputeQueue(queued.db, settings, now, {
      settleMs: 100,
      maxWaitMs: 150,
      budgetMs: 0,
    });
    stop = true;
    await stream;
    // It started while the stream still ran: only the rounds queued by then were in its batch.
    expect(report.rounds).toBeGreaterThan(0);
    expect(report.rounds).toBeLessThan(ids.length);
    await drainRecomputeQueue(queued.db, settings, now);
  });
});
