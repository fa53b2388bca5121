import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type * as schema from '../../schema/index.ts';

/** The one drizzle database type every driver (PGlite, node-postgres, Neon) is used through. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction on `Database`. */
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  typeof schema,
  ExtractTablesWithRelations<typeof schema>
>;

/** What a query function needs: the database itself or a transaction on it. */
export type Queryable = Database | Transaction;

/** A database plus how to let go of it (a Worker closes its Neon pool after each request). */
export interface DatabaseHandle {
  readonly db: Database;
  close(): Promise<void>;
}
