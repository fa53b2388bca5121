// Node only: the database a command-line tool works on, chosen the same way by every script.
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { migrate } from '../../worker/db/migrate.ts';
import { openNodePostgres } from '../../worker/db/node-postgres.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { findRunningLocalPostgres } from './local-postgres.ts';

/** The git-ignored folder of the local run: PGlite's data, its state file, local keys. */
export const LOCAL_DATA_DIR = fileURLToPath(new URL('../../.data', import.meta.url));
export const LOCAL_PGLITE_DIR = `${LOCAL_DATA_DIR}/pglite`;

/** The local PGlite that `npm start` serves (pglite-server.ts): one backend for every client, so no named statements. */
export function openServedPglite(url: string): DatabaseHandle & { pool: pg.Pool } {
  return openNodePostgres(url, { max: 1, namedStatements: false });
}

/**
 * `databaseUrl` (the DATABASE_URL setting, see settings.ts) when set: a real PostgreSQL, e.g. production
 * or CI; else the local database: through the running `npm start` when there is one (PGlite has one
 * owner), or by opening PGlite's folder directly.
 */
export async function openScriptDatabase(
  databaseUrl: string | undefined,
): Promise<DatabaseHandle & { where: string }> {
  if (databaseUrl) {
    const handle = openNodePostgres(databaseUrl, { max: 2 });
    await migrate(handle.db);
    return { ...handle, where: `DATABASE_URL (${new URL(databaseUrl).host})` };
  }
  const running = await findRunningLocalPostgres(LOCAL_DATA_DIR);
  if (running) {
    const handle = openServedPglite(running.pgUrl);
    return { ...handle, where: `the running local database (npm start, process ${running.pid})` };
  }
  const handle = await openPglite(LOCAL_PGLITE_DIR);
  return { ...handle, where: `the local database in ${LOCAL_PGLITE_DIR}` };
}
