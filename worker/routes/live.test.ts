import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey, type SigningKey } from '../../ingest-protocol/keys.ts';
import type { LiveSnapshot } from '../../ingest-protocol/live.ts';
import { signAgentJson } from '../../ingest-protocol/sign.ts';
import { createBaseApp } from '../app.ts';
import { readConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { addServer } from '../ingest/registry.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { liveRoutes } from './live.ts';

const config = readConfig({
  DATABASE_URL: 'x',
  DISCORD_PUBLIC_KEY: 'x',
  DISCORD_APPLICATION_ID: 'x',
});
const NOW = new Date('2026-12-05T20:00:00Z');
let handle: DatabaseHandle;
let key: SigningKey;
let app: ReturnType<typeof createBaseApp>;

beforeAll(async () => {
  handle = await openPglite();
  const pair = await generateKeyPair();
  key = await importSigningKey(pair);
  const added = await addServer(handle.db, {
    communityId: DEFAULT_COMMUNITY_ID,
    name: 'EU',
    publicKey: pair.publicKey,
  });
  if (!added.ok) throw new Error(added.reason);
  app = createBaseApp({
    config,
    openDatabase: () => ({ db: handle.db, close: async () => {} }),
    now: () => NOW,
    fetch,
  });
  app.route('/', liveRoutes());
});
afterAll(() => handle?.close());

const snapshot = (
  map: string,
  secondsAgo: number,
  players: LiveSnapshot['players'] = [],
): LiveSnapshot => ({
  observedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString(),
  hostname: 'EU #1',
  map,
  gameState: 'playing',
  maxClients: 20,
  timeLimitMinutes: 12,
  players,
});

async function push(json: unknown, keys = [key]) {
  const request = await signAgentJson({ json, keys, now: NOW });
  const response = await app.request('/ingest/live', {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: await response.json() };
}

const stored = () =>
  rowsOf<{ map: string; players: unknown; map_since: string; community_id: number }>(
    handle.db,
    sql`select map, players, map_since::text, community_id from live_snapshots`,
  );

it('keeps the newest snapshot per server, and when its map started', async () => {
  expect(await push(snapshot('supply', 30))).toEqual({ status: 200, body: { status: 'stored' } });
  expect(await push(snapshot('supply', 20, [{ name: 'cru3l', score: 3, ping: 40 }]))).toMatchObject(
    { body: { status: 'stored' } },
  );
  let [row] = await stored();
  expect(row).toMatchObject({
    map: 'supply',
    players: [{ name: 'cru3l', score: 3, ping: 40 }],
    community_id: DEFAULT_COMMUNITY_ID,
  });
  expect(new Date(row?.map_since as string).toISOString()).toBe(snapshot('x', 30).observedAt);
  // A delayed or replayed older one changes nothing.
  expect(await push(snapshot('goldrush', 25))).toEqual({ status: 200, body: { status: 'older' } });
  expect(await push(snapshot('goldrush', 10))).toMatchObject({ body: { status: 'stored' } });
  [row] = await stored();
  expect(row?.map).toBe('goldrush');
  expect(new Date(row?.map_since as string).toISOString()).toBe(snapshot('x', 10).observedAt);
});

it('refuses an unsigned, badly signed or malformed snapshot, saying why', async () => {
  const stranger = await importSigningKey(await generateKeyPair());
  expect((await push(snapshot('supply', 5), [stranger])).status).toBe(401);
  expect(await push({ ...snapshot('supply', 5), players: 'x' })).toEqual({
    status: 400,
    body: { error: 'players must be a list of at most 64' },
  });
  const response = await app.request('/ingest/live', { method: 'POST', body: '{}' });
  expect(response.status).toBe(400);
  expect((await stored())[0]?.map).toBe('goldrush');
});
