// The Worker as deployed (wrangler's bundle in workerd) reaching the embedded database the way `npm start`
// wires it: Neon's driver → WebSocket bridge → PGlite served on loopback. No external service.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, startLocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

const DISCORD = {
  DISCORD_PUBLIC_KEY: 'a'.repeat(64),
  DISCORD_APPLICATION_ID: '100000000000000001',
};

let dir: string;
let local: LocalPostgres;
let worker: TestWorker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-workerd-db-'));
  local = await startLocalPostgres({ dataDir: join(dir, 'pglite') });
  worker = await startWorker({
    bindings: { ...DISCORD, DATABASE_URL: local.pgUrl, DATABASE_WS_PROXY: local.wsProxy },
  });
});

afterAll(async () => {
  await worker?.stop();
  await local?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Worker in workerd on the embedded database', () => {
  it('answers /health after a real query through the Neon driver and the bridge', async () => {
    const response = await worker.fetch('/health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; databaseMs: number };
    expect(body.ok).toBe(true);
    expect(body.databaseMs).toBeGreaterThanOrEqual(0);
  });

  it('answers concurrent requests, each with its own pool, over the one embedded database', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => worker.fetch('/health')));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('fails /health when the database cannot be reached, instead of pretending', async () => {
    const unreachable = await startWorker({
      bindings: { ...DISCORD, DATABASE_URL: local.pgUrl, DATABASE_WS_PROXY: '127.0.0.1:9' },
    });
    try {
      const response = await unreachable.fetch('/health');
      expect(response.status).toBe(500);
    } finally {
      await unreachable.stop();
    }
  });

  it('explains a missing setting instead of failing obscurely', async () => {
    const unconfigured = await startWorker({ bindings: { DATABASE_URL: local.pgUrl } });
    try {
      const response = await unconfigured.fetch('/health');
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: string }).error).toContain('DISCORD_PUBLIC_KEY');
    } finally {
      await unconfigured.stop();
    }
  });
});
