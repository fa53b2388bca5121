import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { createDiscordRest, type DiscordRest } from '../../worker/discord/rest.ts';
import { runScheduled } from '../../worker/jobs/scheduled.ts';
import { setAnnounceChannel } from '../../worker/permissions/guild-settings.ts';
import { bindToDefault } from './community.ts';
import { testConfig } from './node-app.ts';

/** What an announcement test works with; filled by the hooks `announceFixture` registers. */
export interface AnnounceFixture {
  discord: FakeDiscord;
  rest: DiscordRest;
  handle: DatabaseHandle;
  serverId: number;
  /** The quarter-hour cron at `at` (it retries what announcements are left), as the Worker runs it. */
  quarterHour(at: Date): ReturnType<typeof runScheduled>;
}

/**
 * Registers the hooks announcement tests share: one Discord stand-in (and a REST client to it) for the
 * file, and per test a fresh PGlite with one game server of the default community; given `channel`, its
 * guild bound there and announcing in that channel since `since`, as `/admin channel` sets it.
 */
export function announceFixture(
  serverName: string,
  channel?: { readonly guildId: string; readonly channelId: string; readonly since: Date },
): AnnounceFixture {
  const fx = {
    quarterHour: (at: Date) =>
      runScheduled('*/15 * * * *', fx.handle.db, testConfig(), at, fx.rest),
  } as AnnounceFixture;
  beforeAll(async () => {
    fx.discord = await startFakeDiscord({ botToken: 'bot' });
    fx.rest = createDiscordRest({
      botToken: 'bot',
      baseUrl: fx.discord.apiBase,
      backoffMs: () => 1,
    });
  });
  afterAll(() => fx.discord.close());
  beforeEach(async () => {
    fx.discord.reset();
    fx.handle = await openPglite();
    const [server] = await fx.handle.db
      .insert(gameServers)
      .values({ communityId: 1, name: serverName })
      .returning();
    fx.serverId = (server as { id: number }).id;
    if (!channel) return;
    await bindToDefault(fx.handle.db, channel.guildId);
    await setAnnounceChannel(fx.handle.db, {
      guildId: channel.guildId,
      channelId: channel.channelId,
      by: 'admin',
      at: channel.since,
    });
  });
  afterEach(() => fx.handle.close());
  return fx;
}
