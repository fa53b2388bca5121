import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey } from '../ingest-protocol/keys.ts';
import { type FakeGameServer, startFakeGameServer } from '../test/support/fake-game-server.ts';
import { CONFIG_DEFAULTS } from './config.ts';
import { LIVE_DEFAULTS } from './live-config.ts';
import { startLive } from './live.ts';

let game: FakeGameServer;
let dir: string;
beforeAll(async () => {
  game = await startFakeGameServer({ rconPassword: 'pw' });
  dir = await mkdtemp(join(tmpdir(), 'etstats-live-'));
});
afterAll(async () => {
  await game?.close();
  await rm(dir, { recursive: true, force: true });
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('pushes a signed snapshot at start and then only when the status changed', async () => {
  const pair = await generateKeyPair();
  const pushed: { url: string; body: { map: string; players: unknown[] }; signed: boolean }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    pushed.push({
      url,
      body: JSON.parse(new TextDecoder().decode(init.body as Uint8Array)),
      signed:
        headers['etstats-key'] === pair.publicKey &&
        /^v1a,/.test(headers['webhook-signature'] ?? ''),
    });
    return new Response('{"status":"stored"}', { status: 200 });
  }) as typeof globalThis.fetch;
  const loops = await startLive({
    config: {
      url: 'http://worker.test/ingest',
      gamestatsDir: dir,
      spoolDir: dir,
      since: new Date().toISOString(),
      keys: [pair],
      ...CONFIG_DEFAULTS,
      live: {
        ...LIVE_DEFAULTS,
        port: game.port,
        activePollMs: 50,
        idlePollMs: 50,
        heartbeatMs: 60_000,
      },
    },
    keys: [await importSigningKey(pair)],
    fetch,
    log: { log() {} },
    now: () => new Date(),
  });
  try {
    await sleep(400);
    expect(game.statusQueries()).toBeGreaterThan(3);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({
      url: 'http://worker.test/ingest/live',
      signed: true,
      body: { map: 'supply', players: [] },
    });
    game.state.players.push({ name: 'cru3l', score: 1, ping: 40 });
    await sleep(300);
    expect(pushed).toHaveLength(2);
    expect(pushed[1]?.body.players).toEqual([{ name: 'cru3l', score: 1, ping: 40 }]);
  } finally {
    await loops.stop();
  }
});
