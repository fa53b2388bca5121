import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import { gameServers } from '../../schema/index.ts';
import { nodeApp } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { importStatsFile } from '../importer/import-file.ts';

const corpus = generateCorpus({ seed: 3, evenings: 1, players: 8 });
const payload = statsLuaPayloads(corpus.files)[0];
if (!payload) throw new Error('the corpus gave no stats.lua payload');
const roundFile = corpus.files[1] as { name: string; bytes: Uint8Array };

let handle: DatabaseHandle;
let app: ReturnType<typeof nodeApp>['app'];
const ids: Record<string, number> = {};

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'g' })
    .returning();
  const serverId = (server as { id: number }).id;
  for (const [key, file] of [
    [
      'lua',
      {
        name: payload.name,
        bytes: new TextEncoder().encode(JSON.stringify(payload.payload)),
      },
    ],
    ['file', roundFile],
  ] as const) {
    const outcome = await importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: 60 },
    );
    if (outcome.status !== 'imported') throw new Error(`${file.name}: ${outcome.status}`);
    ids[key] = outcome.roundId;
  }
  app = nodeApp(handle.db).app;
});
afterAll(() => handle.close());

describe('GET /api/rounds/:id/events', () => {
  it('gives a stats.lua round’s event log as sent, with the played time of each event', async () => {
    const response = await app.request(`/api/rounds/${ids.lua}/events`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      events: { label: string; leveltime: number; played_ms: number }[];
      match_id: string;
    };
    const sent = (payload.payload as { gamelog: { label: string }[] }).gamelog;
    expect(body.events.map((e) => e.label)).toEqual(sent.map((e) => e.label));
    expect(body.events.every((e) => e.played_ms === e.leveltime)).toBe(true);
    expect(body.match_id).toMatch(/^gen\.\d+$/);
  });

  it('says a round read from a round file has no events (404), and refuses a bad id (400)', async () => {
    const file = await app.request(`/api/rounds/${ids.file}/events`);
    expect(file.status).toBe(404);
    expect(((await file.json()) as { error: string }).error).toMatch(/read from a round file/);
    expect((await app.request('/api/rounds/x/events')).status).toBe(400);
    expect((await app.request('/api/rounds/999999/events')).status).toBe(404);
  });
});
