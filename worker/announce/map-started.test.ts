import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../ingest-protocol/live.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { gameServers } from '../../schema/index.ts';
import { bindToDefault } from '../../test/support/community.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest, type DiscordRest } from '../discord/rest.ts';
import { setMapAnnouncements, storeLiveSnapshot } from '../jobs/live.ts';
import { setAnnounceChannel } from '../permissions/guild-settings.ts';
import { MAP_START_FRESH_MS, announceMapStarts } from './map-started.ts';

const CHANNEL = '1000000000000000031';
const T0 = Date.parse('2026-12-05T20:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let discord: FakeDiscord;
let rest: DiscordRest;
let handle: DatabaseHandle;
let serverId: number;

beforeAll(async () => {
  discord = await startFakeDiscord({ botToken: 'bot' });
  rest = createDiscordRest({ botToken: 'bot', baseUrl: discord.apiBase, backoffMs: () => 1 });
});
afterAll(() => discord.close());
beforeEach(async () => {
  discord.reset();
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'EU' })
    .returning();
  serverId = (server as { id: number }).id;
  await bindToDefault(handle.db, '1200000000000000031');
  await setAnnounceChannel(handle.db, {
    guildId: '1200000000000000031',
    channelId: CHANNEL,
    by: 'admin',
    at: at(-60),
  });
});
afterEach(() => handle.close());

const snapshot = (map: string, when: Date): LiveSnapshot => ({
  observedAt: when.toISOString(),
  hostname: '^1EU ^7#1',
  map,
  gameState: 'warmup',
  maxClients: 20,
  timeLimitMinutes: 12,
  players: [],
});
const push = (map: string, minutes: number) =>
  storeLiveSnapshot(handle.db, serverId, snapshot(map, at(minutes)), at(minutes));
const posted = () =>
  discord.messages
    .filter((m) => m.channelId === CHANNEL)
    .map((m) => (m.payload as DiscordMessage).embeds?.[0]?.title);

describe('map started posts', () => {
  it('records a map start only when a snapshot shows another map than the one before it', async () => {
    expect((await push('supply', 0)).mapStart).toBeNull(); // the first snapshot: maybe mid-map
    expect((await push('supply', 1)).mapStart).toBeNull();
    expect((await push('oasis', 2)).mapStart).toMatchObject({ communityId: 1 });
    expect((await push('radar', 1.5)).stored).toBe(false); // older than the stored one: nothing
    const starts = await rowsOf<{ map: string; previous_map: string }>(
      handle.db,
      sql`select map, previous_map from live_map_starts`,
    );
    expect(starts).toEqual([{ map: 'oasis', previous_map: 'supply' }]);
  });

  it('posts nothing while the setting is off (the default), nor map starts from before it was turned on', async () => {
    await push('supply', 0);
    await push('oasis', 1);
    expect(await announceMapStarts(handle.db, rest, at(2))).toBe(0);
    await setMapAnnouncements(handle.db, 1, true, at(3));
    expect(await announceMapStarts(handle.db, rest, at(3))).toBe(0);
    expect(posted()).toEqual([]);
  });

  it('posts each new map once, however often it is asked, and not when it is no longer fresh', async () => {
    await setMapAnnouncements(handle.db, 1, true, at(0));
    await push('supply', 0);
    await push('oasis', 1);
    const [first, second] = await Promise.all([
      announceMapStarts(handle.db, rest, at(1)),
      announceMapStarts(handle.db, rest, at(1)),
    ]);
    expect(first + second).toBe(1);
    expect(await announceMapStarts(handle.db, rest, at(2))).toBe(0);
    expect(posted()).toEqual(['Map started: oasis']);
    const message = discord.messages[0]?.payload as DiscordMessage;
    expect(message.embeds?.[0]?.description).toBe(
      'On **EU** (EU \\#1), after supply. `/server` shows who is on.',
    );
    await push('radar', 3);
    expect(
      await announceMapStarts(handle.db, rest, new Date(at(3).getTime() + MAP_START_FRESH_MS + 1)),
    ).toBe(0);
    await setMapAnnouncements(handle.db, 1, false, at(4));
    await push('goldrush', 5);
    expect(await announceMapStarts(handle.db, rest, at(5))).toBe(0);
    expect(posted()).toEqual(['Map started: oasis']);
  });

  it('a failed post is given back and made by a later pass', async () => {
    await setMapAnnouncements(handle.db, 1, true, at(0));
    await push('supply', 0);
    await push('oasis', 1);
    discord.inject({ status: 503 }, { times: 5 });
    expect(await announceMapStarts(handle.db, rest, at(1))).toBe(0);
    expect(await announceMapStarts(handle.db, rest, at(2))).toBe(1);
    expect(posted()).toEqual(['Map started: oasis']);
  });
});
