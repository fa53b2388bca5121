import { sql } from 'drizzle-orm';
import type { Queryable, Transaction } from '../db/database.ts';
import { IMPORT_LOCK_KEY } from '../importer/import-file.ts';

/** Held by every recompute: two recomputes never interleave. */
export const RECOMPUTE_LOCK_KEY = IMPORT_LOCK_KEY + 1;

/**
 * Runs `work` in one transaction, so a failure halfway leaves the previous answers in place. Every
 * recompute holds the recompute lock. A full recompute (which may regroup sessions, the importer's rows)
 * also holds the importer's lock; the others read a consistent snapshot of committed imports and let
 * imports go on meanwhile: each import queues its own recompute, which runs after it commits.
 */
export async function locked<T>(
  db: Queryable,
  work: (tx: Transaction) => Promise<T>,
  options: { withImports?: boolean } = {},
): Promise<T> {
  return db.transaction(
    async (tx) => {
      if (options.withImports)
        await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
      await tx.execute(sql`select pg_advisory_xact_lock(${RECOMPUTE_LOCK_KEY})`);
      return work(tx);
    },
    options.withImports ? undefined : { isolationLevel: 'repeatable read' },
  );
}
