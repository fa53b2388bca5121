import { sql } from 'drizzle-orm';
import type { Queryable, Transaction } from '../db/database.ts';
import { IMPORT_LOCK_KEY } from '../importer/import-file.ts';

/**
 * Runs `work` in one transaction holding the importer's lock: a recompute never sees half an import,
 * two recomputes never interleave, and a failure halfway leaves the previous answers in place.
 */
export async function locked<T>(db: Queryable, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    return work(tx);
  });
}
