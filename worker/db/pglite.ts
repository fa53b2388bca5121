// Node only: the embedded Postgres used by `npm start` and the unit tests.
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
import type { Database, DatabaseHandle } from './database.ts';
import { MIGRATIONS_FOLDER, migrate } from './migrate.ts';

export type PgliteHandle = DatabaseHandle & { client: PGlite };

function handleFor(client: PGlite): PgliteHandle {
  return {
    db: drizzle({ client, schema }) as unknown as Database,
    client,
    close: () => client.close(),
  };
}

/**
 * A migrated empty database, dumped once per process: starting PGlite and running every migration
 * takes seconds, loading the dump a fraction of that (tests open many in-memory databases).
 */
let template: Promise<Blob> | undefined;

const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
const CACHE_DIR = join(NODE_MODULES, '.cache', 'etstats-pglite');

/** The template's file name changes with the migrations and the PGlite version, so it is never stale. */
function templateKey(): string {
  const hash = createHash('sha256').update(
    readFileSync(join(NODE_MODULES, '@electric-sql', 'pglite', 'package.json')),
  );
  for (const name of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    if (name.endsWith('.sql') || name.endsWith('.json'))
      hash.update(name).update(readFileSync(join(MIGRATIONS_FOLDER, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const path = join(CACHE_DIR, `template-${templateKey()}.tar`);
    if (existsSync(path)) return new Blob([readFileSync(path)]);
    const fresh = handleFor(new PGlite());
    await migrate(fresh.db);
    const dump = await fresh.client.dumpDataDir('none');
    await fresh.close();
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${path}.${process.pid}`;
    writeFileSync(temporary, new Uint8Array(await dump.arrayBuffer()));
    renameSync(temporary, path); // atomic: parallel test files never read half a template
    return dump;
  })();
  return template;
}

/** Opens PGlite (in memory, or in `dataDir`) with every migration applied. */
export async function openPglite(dataDir?: string): Promise<PgliteHandle> {
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    const handle = handleFor(new PGlite(dataDir));
    await migrate(handle.db);
    return handle;
  }
  const handle = handleFor(new PGlite({ loadDataDir: await migratedTemplate() }));
  await migrate(handle.db); // a no-op on the template; kept so a stale template can never be served
  return handle;
}
