import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { bindToDefault } from '../../test/support/community.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { claimInteraction } from '../permissions/receipts.ts';
import { rowsOf } from '../db/rows.ts';
import {
  FULL_RECOMPUTE_CRON,
  MINUTE_CRON,
  QUARTER_HOUR_CRON,
  quarterHourDue,
  runScheduled,
} from './scheduled.ts';
import { setVoiceSettings } from './voice-settings.ts';

const GUILD = '1200000000000000077';
let handle: PgliteHandle;
let discord: FakeDiscord;

beforeAll(async () => {
  handle = await openPglite();
  discord = await startFakeDiscord({ botToken: 'bot-token' });
  await bindToDefault(handle.db, GUILD);
  const set = await setVoiceSettings(handle.db, {
    guildId: GUILD,
    by: 'admin',
    at: new Date(0),
    enabled: true,
    channelIds: ['1500000000000000001'],
  });
  if (!set.ok) throw new Error(set.reason);
  // One linked player active lately, so the voice part has someone to ask.
  await handle.db.execute(sql`
    insert into players (guid, name, name_raw, bot, first_seen_at, last_seen_at)
    values ('AAAABBBB', 'someone', 'someone', false, '2026-05-01T11:00:00Z', '2026-05-01T11:00:00Z')`);
  await handle.db.execute(sql`
    insert into discord_links (community_id, user_id, guid, linked_at, linked_by)
    values (1, '1300000000000000009', 'AAAABBBB', now(), 'test')`);
});
afterAll(async () => {
  await discord?.close();
  await handle?.close();
});

const run = (cron: string, at: string) =>
  runScheduled(
    cron,
    handle.db,
    testConfig(),
    new Date(at),
    createDiscordRest({ baseUrl: discord.apiBase, botToken: 'bot-token' }),
  );
const receipts = async () =>
  (
    await rowsOf<{ n: number }>(handle.db, sql`select count(*)::int as n from interaction_receipts`)
  )[0]?.n;

describe('cron dispatch', () => {
  it('does the quarter-hour work on minutes 0, 15, 30 and 45 of the minute trigger, and on the old trigger', () => {
    expect(quarterHourDue(MINUTE_CRON, new Date('2026-05-01T12:15:00Z'))).toBe(true);
    expect(quarterHourDue(MINUTE_CRON, new Date('2026-05-01T12:00:00Z'))).toBe(true);
    expect(quarterHourDue(MINUTE_CRON, new Date('2026-05-01T12:16:00Z'))).toBe(false);
    expect(quarterHourDue(MINUTE_CRON, new Date('2026-05-01T12:44:00Z'))).toBe(false);
    expect(quarterHourDue(QUARTER_HOUR_CRON, new Date('2026-05-01T12:16:00Z'))).toBe(true);
    expect(quarterHourDue(FULL_RECOMPUTE_CRON, new Date('2026-05-01T04:15:00Z'))).toBe(false);
  });

  it('asks voice states every minute; refreshes periods and prunes receipts only on the quarter hour', async () => {
    await claimInteraction(handle.db, 'old', new Date('2026-05-01T11:00:00Z'));
    const off = await run(MINUTE_CRON, '2026-05-01T12:16:00Z');
    expect(off.recompute).toBeNull();
    expect(off.voice?.asked).toBe(1);
    expect(await receipts()).toBe(1);
    const on = await run(MINUTE_CRON, '2026-05-01T12:30:00Z');
    expect(on.recompute).not.toBeNull();
    expect(on.voice?.asked).toBe(1);
    expect(await receipts()).toBe(0);
    expect(discord.recorded.filter((r) => r.kind === 'voiceState')).toHaveLength(2);
  });

  it('the nightly trigger recomputes everything and asks no voice state', async () => {
    const before = discord.recorded.length;
    const night = await run(FULL_RECOMPUTE_CRON, '2026-05-02T04:17:00Z');
    expect(night.recompute).not.toBeNull();
    expect(night.voice).toBeNull();
    expect(discord.recorded.length).toBe(before);
  });
});
