import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers, guildSettings } from '../schema/index.ts';
import { QUARTERS } from '../stats/seasons.ts';
import { corpusFiles } from '../test/support/corpus.ts';
import { type FakeDiscord, startFakeDiscord } from '../test/support/fake-discord.ts';
import { testConfig } from '../test/support/node-app.ts';
import { afterImport } from './after-import.ts';
import type { DatabaseHandle } from './db/database.ts';
import { openPglite } from './db/pglite.ts';
import { createDiscordRest } from './discord/rest.ts';
import { importStatsFile } from './importer/import-file.ts';
import { recomputeAll } from './recompute/index.ts';
import { leaderboard } from './recompute/read.ts';

const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const files = corpusFiles().slice(0, 10);
/** Just after a file's (UTC) time: the round is live. */
const justAfter = (name: string) => new Date(Date.parse(`${name.slice(0, 10)}T${name.slice(11, 13)}:${name.slice(13, 15)}:${name.slice(15, 17)}Z`) + 30_000);

let handle: DatabaseHandle;
let discord: FakeDiscord;
let serverId: number;

beforeAll(async () => {
  handle = await openPglite();
  discord = await startFakeDiscord({ botToken: 'bot' });
  const [server] = await handle.db.insert(gameServers).values({ name: 'corpus' }).returning();
  serverId = (server as { id: number }).id;
  for (const file of files.slice(0, 9)) await importStatsFile(handle.db, { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date() }, settings);
  await recomputeAll(handle.db, settings, justAfter((files[8] as { name: string }).name));
  await handle.db.insert(guildSettings).values({ guildId: 'g', announceChannelId: 'rounds', updatedAt: new Date(), updatedBy: 'admin' });
});
afterAll(async () => {
  await handle.close();
  await discord.close();
});

describe('after a live round is imported', () => {
  it('updates the leaderboards and posts the round, the map result and the achievements it unlocked', async () => {
    const file = files[9] as { name: string; bytes: Uint8Array };
    const now = justAfter(file.name);
    const before = await leaderboard(handle.db, 'rounds', 'all', { limit: 1 });
    const outcome = await importStatsFile(handle.db, { serverId, fileName: file.name, bytes: file.bytes, receivedAt: now }, settings);
    await afterImport(handle.db, createDiscordRest({ botToken: 'bot', baseUrl: discord.apiBase }), testConfig(), outcome, now);

    const after = await leaderboard(handle.db, 'rounds', 'all', { limit: 1 });
    expect(after.rows[0]?.value).toBe((before.rows[0]?.value ?? 0) + 1);
    const posted = discord.recorded.filter((r) => r.kind === 'channelMessage').map((r) => JSON.stringify(r.payload));
    expect(posted.some((b) => b.includes(`Round ${file.name.includes('round-2') ? 2 : 1}`))).toBe(true);
    if (file.name.includes('round-2')) expect(posted.some((b) => b.includes('Map result'))).toBe(true);
    expect(posted.some((b) => b.includes('10 rounds'))).toBe(true);
  });
});
