import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from '../../schema/index.ts';

/** The one drizzle database type every driver (PGlite, node-postgres, Neon) is used through. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A database plus how to let go of it (a Worker closes its Neon pool after each request). */
export interface DatabaseHandle {
  readonly db: Database;
  close(): Promise<void>;
}
