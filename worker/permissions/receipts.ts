import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * How long a handled interaction's id is kept. Discord's signature is refused after 5 minutes, so a
 * replay older than that never reaches the dispatcher; 15 leaves room for clocks that disagree.
 */
export const RECEIPT_MINUTES = 15;

/**
 * Records an interaction id as handled; false when it was recorded before (the same signed request
 * again). One statement, so two copies arriving together cannot both win.
 */
export async function claimInteraction(db: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`insert into interaction_receipts (id, at) values (${id}, ${now.toISOString()}::timestamptz)
      on conflict (id) do nothing returning id`,
  );
  return rows.length === 1;
}

/** Drops receipts older than RECEIPT_MINUTES (the cron): their requests are refused as stale anyway. */
export async function pruneInteractionReceipts(db: Queryable, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - RECEIPT_MINUTES * 60_000).toISOString();
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`delete from interaction_receipts where at < ${cutoff}::timestamptz returning id`,
  );
  return rows.length;
}
