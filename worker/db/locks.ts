import { sql } from 'drizzle-orm';
import type { Queryable, Transaction } from './database.ts';

/**
 * Postgres advisory lock keys, in one place so no two rooms pick the same number.
 *
 * Imports serialise on one lock: a file's R1 and R2 arriving at the same moment then see each other,
 * and the database never depends on which transaction won. Imports are short; this is cheap.
 */
export const IMPORT_LOCK_KEY = 7_415_263;

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
