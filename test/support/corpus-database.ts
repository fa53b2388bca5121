// A PGlite database holding the imported sample corpus, for tests. Importing the corpus takes seconds;
// the result is dumped once and cached on disk, keyed by everything that decides its content (the
// corpus, the migrations and the source of the reader, the importer and the schema), so it is never stale.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../../schema/index.ts';
import type { Database } from '../../worker/db/database.ts';
import { openPglite, type PgliteHandle } from '../../worker/db/pglite.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import type { ImportOutcome } from '../../worker/importer/outcome.ts';
import { CORPUS_DIR, corpusFiles } from './corpus.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'etstats-corpus-db');
const INPUTS = ['stats', 'schema', 'worker/importer', 'worker/db'];

export const CORPUS_SERVER = 'corpus';
export const CORPUS_SETTINGS = { sessionGapMinutes: 60 };

export interface CorpusDatabase extends PgliteHandle {
  readonly serverId: number;
  /** What the importer answered for each corpus file. */
  readonly outcomes: ReadonlyMap<string, ImportOutcome>;
}

function cacheKey(): string {
  const hash = createHash('sha256');
  for (const folder of [...INPUTS.map((f) => join(ROOT, f)), CORPUS_DIR]) {
    for (const name of readdirSync(folder, { recursive: true }).map(String).sort()) {
      if (name.includes('node_modules') || name.endsWith('.test.ts')) continue;
      const path = join(folder, name);
      try {
        hash.update(name).update(readFileSync(path));
      } catch {
        // a folder
      }
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function importCorpus(db: Database) {
  const [server] = await db
    .insert(schema.gameServers)
    .values({ communityId: 1, name: CORPUS_SERVER })
    .returning();
  const serverId = (server as { id: number }).id;
  const outcomes: [string, ImportOutcome][] = [];
  for (const file of corpusFiles()) {
    const upload = { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) };
    outcomes.push([file.name, await importStatsFile(db, upload, CORPUS_SETTINGS)]);
  }
  return { serverId, outcomes };
}

/** A fresh in-memory PGlite with the sample corpus imported (as game server "corpus", received at epoch 0). */
export async function openCorpusDatabase(): Promise<CorpusDatabase> {
  const base = join(CACHE_DIR, cacheKey());
  if (!existsSync(`${base}.json`)) {
    const handle = await openPglite();
    const { serverId, outcomes } = await importCorpus(handle.db);
    mkdirSync(CACHE_DIR, { recursive: true });
    const dump = new Uint8Array(await (await handle.client.dumpDataDir('none')).arrayBuffer());
    writeFileSync(`${base}.tar.${process.pid}`, dump);
    renameSync(`${base}.tar.${process.pid}`, `${base}.tar`);
    writeFileSync(`${base}.json.${process.pid}`, JSON.stringify({ serverId, outcomes }));
    renameSync(`${base}.json.${process.pid}`, `${base}.json`);
    return { ...handle, serverId, outcomes: new Map(outcomes) };
  }
  const { serverId, outcomes } = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as {
    serverId: number;
    outcomes: [string, ImportOutcome][];
  };
  const client = new PGlite({ loadDataDir: new Blob([readFileSync(`${base}.tar`)]) });
  const db = drizzle({ client, schema }) as unknown as Database;
  return { db, client, close: () => client.close(), serverId, outcomes: new Map(outcomes) };
}

/**
 * A corpus round replayed by omni-bots under another file name: each player line gets the GUID
 * `OMNIBOT<firstBot + i>` and the name `[BOT]<namePrefix><i>`. Tests use it to prove bots stay out of rankings.
 */
export function botReplay(
  source: string,
  fileName: string,
  options: { firstBot: number; namePrefix: string },
) {
  const file = corpusFiles().find((f) => f.name === source);
  if (!file) throw new Error(`no corpus file ${source}`);
  const [header, ...lines] = new TextDecoder().decode(file.bytes).split('\n');
  const bots = lines.map((line, i) =>
    line.includes('\\')
      ? line.replace(
          /^[^\\]*\\[^\\]*\\/,
          `OMNIBOT${options.firstBot + i}\\[BOT]${options.namePrefix}${i}\\`,
        )
      : line,
  );
  return { name: fileName, bytes: new TextEncoder().encode([header, ...bots].join('\n')) };
}

/** The corpus database with more files imported after it, as the corpus was (server "corpus", received at epoch 0). */
export async function openCorpusDatabaseWith(
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<CorpusDatabase> {
  const corpus = await openCorpusDatabase();
  for (const file of files) {
    await importStatsFile(
      corpus.db,
      {
        serverId: corpus.serverId,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      CORPUS_SETTINGS,
    );
  }
  return corpus;
}
