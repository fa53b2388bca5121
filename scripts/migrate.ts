// `npm run db:migrate`: applies the committed migrations (schema/migrations) to the PostgreSQL server in
// DATABASE_URL, e.g. production Neon before deploying a Worker that needs them. Safe to run again.
import { sql } from 'drizzle-orm';
import type { Database } from '../worker/db/database.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

async function appliedCount(db: Database): Promise<number> {
  try {
    const [row] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    return row?.n ?? 0;
  } catch {
    return 0; // never migrated: drizzle creates its bookkeeping table on the first run
  }
}

const url = readScriptSettingsOrExit().databaseUrl;
if (!url) {
  console.error(
    'Set DATABASE_URL to the database to migrate: DATABASE_URL=postgres://user:password@host/db npm run db:migrate',
  );
  process.exit(1);
}
const parsed = new URL(url); // a URL: the settings reader has checked it
const where = `${parsed.host}${parsed.pathname}`; // never print the password

const handle = openNodePostgres(url, { max: 1 });
try {
  const before = await appliedCount(handle.db);
  await migrate(handle.db);
  const after = await appliedCount(handle.db);
  console.log(`${where}: applied ${after - before} new migration(s); ${after} in total.`);
} catch (error) {
  console.error(
    `Migrating ${where} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await handle.close();
}
