// Node only: the embedded Postgres used by `npm start` and the unit tests.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../../schema/index.ts';
import type { Database, DatabaseHandle } from './database.ts';
import { migrate } from './migrate.ts';

/** Opens PGlite (in memory, or in `dataDir`) and applies the migrations. */
export async function openPglite(dataDir?: string): Promise<DatabaseHandle & { client: PGlite }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  const db = drizzle({ client, schema }) as unknown as Database;
  await migrate(db);
  return { db, client, close: () => client.close() };
}
