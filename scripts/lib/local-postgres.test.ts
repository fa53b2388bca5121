import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { openNeon } from '../../worker/db/neon-node.ts';
import {
  findRunningLocalPostgres,
  type LocalPostgres,
  localStateFile,
  startLocalPostgres,
} from './local-postgres.ts';

let dir: string;
let dataDir: string;
let local: LocalPostgres | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-local-'));
  dataDir = join(dir, 'pglite');
  local = await startLocalPostgres({ dataDir });
});

afterAll(async () => {
  await local?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('startLocalPostgres', () => {
  it('applies the migrations and serves the same database to pg in other processes', async () => {
    await local!.db.insert(gameServers).values({ communityId: 1, name: 'in-process' });
    const client = new pg.Client(local!.pgUrl);
    await client.connect();
    try {
      const { rows } = await client.query('select name from game_servers order by id');
      expect(rows).toEqual([{ name: 'in-process' }]);
    } finally {
      await client.end();
    }
  });

  it('lets the Neon driver reach it through the WebSocket bridge', async () => {
    const neon = openNeon(local!.pgUrl, { wsProxy: local!.wsProxy });
    try {
      await neon.db.insert(gameServers).values({ communityId: 1, name: 'through neon' });
      const rows = await rowsOf(
        neon.db,
        sql`select count(*)::int as n from game_servers where name = 'through neon'`,
      );
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await neon.close();
    }
  });

  it('publishes where it runs so `npm run import` can find it, and refuses a second owner of the folder', async () => {
    const state = JSON.parse(await readFile(localStateFile(dir), 'utf8'));
    expect(state).toEqual({ pid: process.pid, pgUrl: local!.pgUrl, wsProxy: local!.wsProxy });
    expect(await findRunningLocalPostgres(dir)).toEqual(state);
    await expect(startLocalPostgres({ dataDir })).rejects.toThrow(
      `already served by process ${process.pid}`,
    );
  });

  it('forgets the state file on close and keeps the data for the next start', async () => {
    await local!.close();
    local = undefined;
    expect(await findRunningLocalPostgres(dir)).toBeUndefined();
    await expect(readFile(localStateFile(dir))).rejects.toThrow(/ENOENT/);

    local = await startLocalPostgres({ dataDir });
    const rows = await local.db
      .select({ name: gameServers.name })
      .from(gameServers)
      .orderBy(gameServers.id);
    expect(rows.map((r) => r.name)).toEqual(['in-process', 'through neon']);
  });
});

describe('findRunningLocalPostgres', () => {
  it('ignores a state file left by a process that is gone', async () => {
    const stale = await mkdtemp(join(tmpdir(), 'etstats-stale-'));
    try {
      await writeFile(
        localStateFile(stale),
        JSON.stringify({
          pid: 2 ** 22 + 17,
          pgUrl: 'postgres://127.0.0.1:1/x',
          wsProxy: '127.0.0.1:2',
        }),
      );
      expect(await findRunningLocalPostgres(stale)).toBeUndefined();
    } finally {
      await rm(stale, { recursive: true, force: true });
    }
  });
});
