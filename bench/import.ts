// Import throughput of the canonical importer (rounds/s) on generated files, into PostgreSQL and PGlite.
import { generateCorpus } from '../generator/index.ts';
import { ensureGameServer } from '../scripts/lib/import-folder.ts';
import { startPostgres } from '../test/support/postgres.ts';
import type { Database } from '../worker/db/database.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';

const FILES = 5_000;

function corpus() {
  const { files } = generateCorpus({ seed: 7, evenings: 700, players: 300, malformed: 0 });
  if (files.length < FILES)
    throw new Error(`the generator made ${files.length} files, fewer than ${FILES}`);
  return files.slice(0, FILES);
}

async function importAll(db: Database, files: ReturnType<typeof corpus>) {
  const serverId = await ensureGameServer(db, { communityId: 1, name: 'bench' });
  const started = performance.now();
  let rounds = 0;
  for (const file of files) {
    const outcome = await importStatsFile(
      db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date() },
      { sessionGapMinutes: 60 },
    );
    if (outcome.status === 'imported') rounds++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rounds, seconds, perSecond: rounds / seconds };
}

export default async function benchImport(): Promise<void> {
  const files = corpus();
  console.log(`generated ${files.length} round files`);

  const postgres = await startPostgres({ durable: true });
  const pgHandle = openNodePostgres(postgres.url, { max: 1 });
  try {
    await migrate(pgHandle.db);
    const r = await importAll(pgHandle.db, files);
    console.log(
      `import into PostgreSQL: ${r.rounds} rounds in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(0)} rounds/s (target >= 200)`,
    );
  } finally {
    await pgHandle.close();
    await postgres.stop();
  }

  const lite = await openPglite();
  try {
    const r = await importAll(lite.db, files);
    console.log(
      `import into PGlite:     ${r.rounds} rounds in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(0)} rounds/s`,
    );
  } finally {
    await lite.close();
  }
}
