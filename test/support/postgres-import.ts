// Integration tests of the importer on real PostgreSQL: a fresh database with a game server, and an import
// made to wait for the import lock while the test changes what it will find once it has the lock.
import { sql } from 'drizzle-orm';
import { gameServers } from '../../schema/index.ts';
import type { DatabaseHandle, Transaction } from '../../worker/db/database.ts';
import { IMPORT_LOCK_KEY } from '../../worker/db/locks.ts';
import { migrate } from '../../worker/db/migrate.ts';
import { openNodePostgres } from '../../worker/db/node-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { freshDatabase } from './postgres.ts';

/**
 * A fresh, migrated database on the server of `serverUrl` (its handle kept in `handles` to close), with
 * one game server, and `put` importing a file into it as a game server's upload.
 */
export async function importDatabase(
  serverUrl: string,
  handles: DatabaseHandle[],
  options: { connections: number; serverName: string },
) {
  const { url } = await freshDatabase(serverUrl);
  const handle = openNodePostgres(url, { max: options.connections });
  handles.push(handle);
  await migrate(handle.db);
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: options.serverName })
    .returning();
  const serverId = (server as { id: number }).id;
  const put = (file: { name: string; bytes: Uint8Array }) =>
    importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: 60 },
    );
  return { handle, put, serverId };
}

/**
 * Holds the import lock, starts `start` (an import), waits until it waits for the lock, then runs `work`
 * under the lock and commits: what `work` changes is what the import finds once it has the lock.
 * Returns the import's promise.
 */
export async function whileImportWaits<T>(
  db: DatabaseHandle['db'],
  start: () => Promise<T>,
  work: (tx: Transaction) => Promise<void>,
): Promise<T> {
  let started: Promise<T> | undefined;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    started = start();
    for (;;) {
      const [waiting] = await rowsOf<{ n: number }>(
        tx,
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
      );
      if (waiting?.n === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await work(tx);
  });
  return started as Promise<T>;
}
