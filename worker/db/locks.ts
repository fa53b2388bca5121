import { sql } from 'drizzle-orm';
import type { Queryable, Transaction } from './database.ts';

/**
 * Postgres advisory lock keys, in one place so no two rooms pick the same number.
 *
 * Imports serialise on one lock: a file's R1 and R2 arriving at the same moment then see each other,
 * and the database never depends on which transaction won. Imports are short; this is cheap.
 *
 * Why one lock for every server rather than one per game server or community: pairing, matches and
 * grouping rounds into sessions only ever involve rounds of one server, but
 * - session ids are shared by all servers and communities: a session's id is the minute it started,
 *   moved past the id of the session before it whatever its server (stats/sessions.ts); settling them
 *   after a regroup reads every session from that minute on and can rename other servers' sessions (and
 *   move their rounds, team corrections, team names and leaderboard periods). Two servers' imports at
 *   once would each settle from a snapshot without the other's new session, and both would write the
 *   same placeholder id;
 * - players and their aliases are shared too, and player merges rewrite rows of every server's rounds.
 * Splitting the import (its server's lock to store and pair, the shared one for sessions) would not pay:
 * the rounds a regroup reads must then be read again once the shared lock is held (another server's
 * rename may have changed their session ids), one more round trip; and a rename updating rounds that
 * another server's import has already updated, while that import waits for the shared lock, is a
 * deadlock. So the lock stays whole, and what runs under it is kept to few statements (four for a usual
 * round, COMMIT aside: worker/importer/round-trips.test.ts pins it). What an import reads in the
 * statement that takes the lock was read before it waited: the next statement reads again what
 * lock holders may have changed meanwhile (a server's time zone, player merges, who owns a
 * stats.lua GUID prefix).
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
