import { sql } from 'drizzle-orm';
import { createDiscordRest } from '../discord/rest.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/support/node-app.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { runScheduled } from '../jobs/scheduled.ts';
import { claimInteraction, pruneInteractionReceipts, RECEIPT_MINUTES } from './receipts.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
let handle: PgliteHandle;

beforeAll(async () => {
  handle = await openPglite();
});
afterAll(() => handle.close());

const receipts = async () =>
  (
    await rowsOf<{ id: string }>(handle.db, sql`select id from interaction_receipts order by id`)
  ).map((r) => r.id);

describe('interaction receipts', () => {
  it('claims an id once, even when two copies arrive together', async () => {
    expect(await claimInteraction(handle.db, '1', NOW)).toBe(true);
    expect(await claimInteraction(handle.db, '1', later(1))).toBe(false);
    const together = await Promise.all([
      claimInteraction(handle.db, '2', NOW),
      claimInteraction(handle.db, '2', NOW),
    ]);
    expect(together.sort()).toEqual([false, true]);
  });

  it('prunes receipts past the signature window, in the cron too', async () => {
    await claimInteraction(handle.db, '3', later(10));
    expect(await pruneInteractionReceipts(handle.db, later(RECEIPT_MINUTES - 1))).toBe(0);
    expect(await pruneInteractionReceipts(handle.db, later(RECEIPT_MINUTES + 1))).toBe(2);
    expect(await receipts()).toEqual(['3']);
    await runScheduled(
      '*/15 * * * *',
      handle.db,
      testConfig(),
      later(10 + RECEIPT_MINUTES + 1),
      createDiscordRest({ baseUrl: 'http://127.0.0.1:9/api/v10', botToken: 'unused' }),
    );
    expect(await receipts()).toEqual([]);
  });
});
