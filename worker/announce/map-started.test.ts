import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../ingest-protocol/live.ts';
import { announceFixture } from '../../test/support/announce-fixture.ts';
import { rowsOf } from '../db/rows.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { setMapAnnouncements, storeLiveSnapshot } from '../jobs/live.ts';
import { announceMapStarts, MAP_START_FRESH_MS } from './map-started.ts';

const CHANNEL = '1000000000000000031';
const T0 = Date.parse('2026-12-05T20:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const fx = announceFixture('EU', {
  guildId: '1200000000000000031',
  channelId: CHANNEL,
  since: at(-60),
});

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
  storeLiveSnapshot(fx.handle.db, fx.serverId, snapshot(map, at(minutes)), at(minutes));
const posted = () =>
  fx.discord.messages
    .filter((m) => m.channelId === CHANNEL)
    .map((m) => (m.payload as DiscordMessage).embeds?.[0]?.title);

describe('map started posts', () => {
  it('records a map start only when a snapshot shows another map than the one before it', async () => {
    expect((await push('supply', 0)).mapStart).toBeNull(); // the first snapshot: maybe mid-map
    expect((await push('supply', 1)).mapStart).toBeNull();
    expect((await push('oasis', 2)).mapStart).toMatchObject({ communityId: 1 });
    expect((await push('radar', 1.5)).stored).toBe(false); // older than the stored one: nothing
    const starts = await rowsOf<{ map: string; previous_map: string }>(
      fx.handle.db,
      sql`select map, previous_map from live_map_starts`,
    );
    expect(starts).toEqual([{ map: 'oasis', previous_map: 'supply' }]);
  });

  it('posts nothing while the setting is off (the default), nor map starts from before it was turned on', async () => {
    await push('supply', 0);
    await push('oasis', 1);
    expect(await announceMapStarts(fx.handle.db, fx.rest, at(2))).toBe(0);
    await setMapAnnouncements(fx.handle.db, 1, true, at(3));
    expect(await announceMapStarts(fx.handle.db, fx.rest, at(3))).toBe(0);
    expect(posted()).toEqual([]);
  });

  it('posts each new map once, however often it is asked, and not when it is no longer fresh', async () => {
    await setMapAnnouncements(fx.handle.db, 1, true, at(0));
    await push('supply', 0);
    await push('oasis', 1);
    const [first, second] = await Promise.all([
      announceMapStarts(fx.handle.db, fx.rest, at(1)),
      announceMapStarts(fx.handle.db, fx.rest, at(1)),
    ]);
    expect(first + second).toBe(1);
    expect(await announceMapStarts(fx.handle.db, fx.rest, at(2))).toBe(0);
    expect(posted()).toEqual(['Map started: oasis']);
    const message = fx.discord.messages[0]?.payload as DiscordMessage;
    expect(message.embeds?.[0]?.description).toBe(
      'On **EU** (EU \\#1), after supply. `/server` shows who is on.',
    );
    await push('radar', 3);
    expect(
      await announceMapStarts(
        fx.handle.db,
        fx.rest,
        new Date(at(3).getTime() + MAP_START_FRESH_MS + 1),
      ),
    ).toBe(0);
    await setMapAnnouncements(fx.handle.db, 1, false, at(4));
    await push('goldrush', 5);
    expect(await announceMapStarts(fx.handle.db, fx.rest, at(5))).toBe(0);
    expect(posted()).toEqual(['Map started: oasis']);
  });

  it('a failed post is given back and made by a later pass', async () => {
    await setMapAnnouncements(fx.handle.db, 1, true, at(0));
    await push('supply', 0);
    await push('oasis', 1);
    fx.discord.inject({ status: 503 }, { times: 5 });
    expect(await announceMapStarts(fx.handle.db, fx.rest, at(1))).toBe(0);
    expect(await announceMapStarts(fx.handle.db, fx.rest, at(2))).toBe(1);
    expect(posted()).toEqual(['Map started: oasis']);
  });
});
