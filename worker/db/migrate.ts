// Node only: reads the committed SQL migrations from disk. The Worker never migrates at run time.
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './database.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../schema/migrations', import.meta.url));

interface Migratable {
  dialect: { migrate(migrations: unknown, session: unknown, config: unknown): Promise<void> };
  session: unknown;
}

/** Applies every committed migration not yet applied; the same code for all three drivers. */
export async function migrate(db: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  const { dialect, session } = db as unknown as Migratable;
  await dialect.migrate(readMigrationFiles(config), session, config);
}
