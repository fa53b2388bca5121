// The Worker as deployed (wrangler's bundle in workerd) on a real PostgreSQL server through Neon's driver and
// the WebSocket bridge, the path production takes to Neon.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WsBridge, startWsBridge } from '../../scripts/lib/ws-bridge.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

let postgres: TestPostgres;
let bridge: WsBridge;
let worker: TestWorker;
let observer: pg.Client;
let bindings: Record<string, string>;
let migrateOutput: string;

async function runMigrate(databaseUrl: string): Promise<string> {
  const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  const script = new URL('../../scripts/migrate.ts', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [tsx, script], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}

beforeAll(async () => {
  postgres = await startPostgres();
  // Migrated the way production is: `npm run db:migrate` with DATABASE_URL.
  migrateOutput = await runMigrate(postgres.url);
  // No fixed target: the bridge connects wherever DATABASE_URL says, as Neon's proxy does.
  bridge = await startWsBridge();
  bindings = {
    DATABASE_URL: postgres.url,
    DATABASE_WS_PROXY: bridge.url,
    DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    DISCORD_APPLICATION_ID: '100000000000000001',
  };
  worker = await startWorker({ bindings });
  observer = new pg.Client(postgres.url);
  await observer.connect();
});

afterAll(async () => {
  await observer?.end();
  await worker?.stop();
  await bridge?.close();
  await postgres?.stop();
});

/** Connections to the test database other than the observer's own. */
async function otherConnections(): Promise<number> {
  const { rows } = await observer.query(
    'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows[0].n;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('startPostgres', () => {
  it('gives each caller a fresh database in the TEST_DATABASE_URL server and drops it on stop', async () => {
    const env = { TEST_DATABASE_URL: postgres.url };
    const [one, two] = [await startPostgres({ env }), await startPostgres({ env })];
    const nameOf = (url: string) => new URL(url).pathname.slice(1);
    expect(nameOf(one.url)).not.toBe(nameOf(two.url));
    const exists = async (name: string) =>
      (await observer.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    expect(await exists(nameOf(one.url))).toBe(true);
    await one.stop();
    await two.stop();
    expect(await exists(nameOf(one.url))).toBe(false);
    expect(await exists(nameOf(two.url))).toBe(false);
  });

  it('says how to install PostgreSQL when it finds no binaries', async () => {
    await expect(startPostgres({ env: { TEST_PG_BIN: '/nonexistent/bin' } })).rejects.toThrow(
      'PostgreSQL is not installed: apt-get install -y postgresql',
    );
  });
});

describe('npm run db:migrate', () => {
  it('applies every committed migration once, and nothing on a second run', async () => {
    expect(migrateOutput).toMatch(/applied [1-9]\d* new migration\(s\)/);
    const again = await runMigrate(postgres.url);
    expect(again).toContain('applied 0 new migration(s)');
    const tables = await observer.query(
      "select count(*)::int as n from pg_tables where schemaname = 'public'",
    );
    expect(tables.rows[0].n).toBeGreaterThan(5);
  });
});

describe('the Worker in workerd on PostgreSQL', () => {
  it('answers /health with a query PostgreSQL ran, and reports PostgreSQL refusing a wrong database', async () => {
    const response = await worker.fetch('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });

    const wrongDatabase = new URL(postgres.url);
    wrongDatabase.pathname = '/no_such_database';
    const misconfigured = await startWorker({
      bindings: { ...bindings, DATABASE_URL: wrongDatabase.toString() },
    });
    try {
      expect((await misconfigured.fetch('/health')).status).toBe(500);
    } finally {
      await misconfigured.stop();
    }
  });

  it('serves many requests at once, each on its own connection', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => worker.fetch('/health')));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { ok: boolean }[];
    expect(bodies.every((b) => b.ok)).toBe(true);
  });

  it('closes its connections once the requests are done', async () => {
    await Promise.all(Array.from({ length: 5 }, () => worker.fetch('/health')));
    expect(await eventually(async () => (await otherConnections()) === 0)).toBe(true);
  });
});
