import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, startLocalPostgres } from './local-postgres.ts';
import { processGroupMembers, startWranglerDev } from './wrangler-dev.ts';

const DISCORD = {
  DISCORD_PUBLIC_KEY: 'a'.repeat(64),
  DISCORD_APPLICATION_ID: '100000000000000001',
};

let dir: string;
let local: LocalPostgres;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-wrangler-dev-'));
  local = await startLocalPostgres({ dataDir: join(dir, 'pglite') });
});

afterAll(async () => {
  await local?.close();
  await rm(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('startWranglerDev', () => {
  it('serves the Worker on the local database and leaves no workerd behind when stopped', async () => {
    const dev = await startWranglerDev({
      vars: { ...DISCORD, DATABASE_URL: local.pgUrl, DATABASE_WS_PROXY: local.wsProxy },
    });
    let started: { pid: number; name: string }[] = [];
    try {
      const response = await fetch(`${dev.url}/health`);
      expect(response.status).toBe(200);
      started = processGroupMembers(dev.pgid);
      expect(started.map((p) => p.name)).toContain('workerd');
    } finally {
      await dev.stop();
    }
    expect(processGroupMembers(dev.pgid)).toEqual([]);
    expect(started.filter((p) => isAlive(p.pid))).toEqual([]);
    await expect(fetch(`${dev.url}/health`)).rejects.toThrow();
  });

  it('gives up with the reason /health gave, and cleans up, when the Worker never becomes healthy', async () => {
    let message = '';
    try {
      await startWranglerDev({ vars: { DATABASE_URL: local.pgUrl }, readyTimeoutMs: 4000 });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('/health answered 500');
    expect(message).toContain('DISCORD_PUBLIC_KEY');
    const pgid = Number(/process group (\d+)/.exec(message)?.[1]);
    expect(pgid).toBeGreaterThan(1);
    expect(processGroupMembers(pgid)).toEqual([]);
  });
});
