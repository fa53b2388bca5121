import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { announcements } from '../../schema/index.ts';
import { announceFixture } from '../../test/support/announce-fixture.ts';
import { bindToDefault } from '../../test/support/community.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { rowsOf } from '../db/rows.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { rebuildFromRawFiles } from '../importer/rebuild.ts';
import { afterImport } from '../jobs/after-import.ts';
import { setAnnounceChannel } from '../permissions/guild-settings.ts';
import {
  ANNOUNCE_SETTLE_MS,
  ANNOUNCE_WITHIN_MS,
  announceChannels,
  announcePending,
  CLAIM_STALE_MS,
  ORPHAN_WAIT_MS,
} from './announce-round.ts';

const truth = loadTruth();
const files = corpusFiles();
const file = (name: string) => files.find((f) => f.name === name) as (typeof files)[number];
const FROST_1 = file('2025-09-04-202728-frostbite-round-1.txt');
const FROST_2 = file('2025-09-04-203809-frostbite-round-2.txt');
const ADLER_1 = file('2025-09-04-205149-etl_adlernest-round-1.txt');
const ADLER_2 = file('2025-09-04-210357-etl_adlernest-round-2.txt');
/** The instant of a (UTC) file name's time. */
const timeOf = (name: string) =>
  Date.parse(
    `${name.slice(0, 10)}T${name.slice(11, 13)}:${name.slice(13, 15)}:${name.slice(15, 17)}Z`,
  );
const at = (ms: number) => new Date(ms);
const CHANNEL = '1000000000000000001';
const OTHER_CHANNEL = '1000000000000000002';
const minutes = (n: number) => n * 60_000;

const fx = announceFixture('corpus');

/** Sets the channel as `/admin channel` does, at `when`. */
const setChannel = async (channelId: string, when: Date, guildId = '1200000000000000071') => {
  await bindToDefault(fx.handle.db, guildId);
  await setAnnounceChannel(fx.handle.db, { guildId, channelId, by: 'admin', at: when });
};

const upload = (f: { name: string; bytes: Uint8Array }, receivedAt: Date) =>
  importStatsFile(
    fx.handle.db,
    { serverId: fx.serverId, fileName: f.name, bytes: f.bytes, receivedAt },
    { sessionGapMinutes: 60 },
  );

/**
 * A file arriving as through `/ingest`: imported, then its post-import step (which posts at once
 * unless given time for other uploads to settle).
 */
const arrive = async (f: { name: string; bytes: Uint8Array }, now: Date, settleMs = 0) =>
  afterImport(fx.handle.db, fx.rest, testConfig(), await upload(f, now), now, 0, settleMs);

const titles = (channelId = CHANNEL) =>
  fx.discord.messages
    .filter((m) => m.channelId === channelId)
    .map((m) => (m.payload as DiscordMessage).embeds?.[0]?.title);

const FROSTBITE = ['Round 1 · frostbite', 'Round 2 · frostbite', 'Map result · frostbite'];
const ADLERNEST = [
  'Round 1 · etl\\_adlernest',
  'Round 2 · etl\\_adlernest',
  'Map result · etl\\_adlernest',
];

describe('round summaries and map results, once and in file-time order', () => {
  const now = at(timeOf(FROST_2.name) + 30_000);
  beforeEach(() => setChannel(CHANNEL, at(timeOf(FROST_1.name) - minutes(30))));

  it('R1 and R2 imported together: one summary each, one map result, R1 first', async () => {
    await setChannel(OTHER_CHANNEL, at(timeOf(FROST_1.name) - minutes(30)), '1200000000000000072');
    await Promise.all([arrive(FROST_1, now), arrive(FROST_2, now)]);
    expect(titles()).toEqual(FROSTBITE);
    expect(titles(OTHER_CHANNEL)).toEqual(FROSTBITE);
    const r2 = fx.discord.messages.find((m) => JSON.stringify(m.payload).includes('Round 2'));
    expect(JSON.stringify(r2?.payload)).not.toContain('has not arrived'); // posted with its figures
  });

  it('R2 before R1, both at once: the same, whichever import ends first', async () => {
    await Promise.all([arrive(FROST_2, now), arrive(FROST_1, now)]);
    expect(titles()).toEqual(FROSTBITE);
  });

  it('R2 arriving alone waits for its R1, which is then posted first', async () => {
    await arrive(FROST_2, now);
    expect(titles()).toEqual([]);
    await arrive(FROST_1, at(now.getTime() + 20_000));
    expect(titles()).toEqual(FROSTBITE);
  });

  it('an R2 whose R1 never comes is posted once the wait is over, saying so', async () => {
    await arrive(FROST_2, now);
    const later = at(now.getTime() + ORPHAN_WAIT_MS + 1000);
    const report = await announcePending(
      fx.handle.db,
      fx.rest,
      await announceChannels(fx.handle.db),
      later,
    );
    expect(report).toEqual({ posted: 1, channels: { [CHANNEL]: 'done' } });
    expect(titles()).toEqual(['Round 2 · frostbite']);
    expect(JSON.stringify(fx.discord.messages[0]?.payload)).toContain('has not arrived');
  });

  it('two maps arriving in reverse order, all at once: posted by file time', async () => {
    const late = at(timeOf(ADLER_2.name) + 30_000);
    await Promise.all(
      [ADLER_2, FROST_2, ADLER_1, FROST_1].map((f) => arrive(f, late, ANNOUNCE_SETTLE_MS)),
    );
    expect(titles()).toEqual([...FROSTBITE, ...ADLERNEST]);
  });

  it('a round arriving after a later one was posted is still posted, once, late', async () => {
    const late = at(timeOf(ADLER_2.name) + 30_000);
    await arrive(ADLER_1, late);
    await arrive(FROST_1, late);
    expect(titles()).toEqual(['Round 1 · etl\\_adlernest', 'Round 1 · frostbite']);
  });

  it('eight passes at once over the same new rounds: each is claimed by one of them', async () => {
    await upload(FROST_1, now);
    await upload(FROST_2, now);
    const channels = await announceChannels(fx.handle.db);
    const reports = await Promise.all(
      Array.from({ length: 8 }, () => announcePending(fx.handle.db, fx.rest, channels, now)),
    );
    expect(reports.reduce((sum, r) => sum + r.posted, 0)).toBe(3);
    expect(titles()).toEqual(FROSTBITE);
  });

  it('the same file twice, and passes run again: nothing is posted twice', async () => {
    await arrive(FROST_1, now);
    await arrive(FROST_2, now);
    expect((await upload(FROST_2, now)).status).toBe('duplicate');
    await Promise.all([arrive(FROST_2, now), arrive(FROST_1, now)]);
    const channels = await announceChannels(fx.handle.db);
    await Promise.all([1, 2, 3].map(() => announcePending(fx.handle.db, fx.rest, channels, now)));
    await fx.quarterHour(now);
    expect(titles()).toEqual(FROSTBITE);
    for (const m of fx.discord.messages) assertWithinLimits(m.payload as DiscordMessage);
    const posted = await rowsOf<{ kind: string; message_id: string }>(
      fx.handle.db,
      sql`select kind, message_id from announcements where kind <> 'channel' order by kind`,
    );
    expect(posted.map((p) => p.message_id).sort()).toEqual(
      fx.discord.messages.map((m) => m.id).sort(),
    );
  });

  it('a rebuild (new round and match ids) posts nothing again', async () => {
    await Promise.all([arrive(FROST_1, now), arrive(FROST_2, now)]);
    const ids = () => rowsOf<{ id: number }>(fx.handle.db, sql`select id from rounds order by id`);
    const before = await ids();
    await rebuildFromRawFiles(fx.handle.db, { sessionGapMinutes: 60 });
    expect(await ids()).not.toEqual(before);
    await fx.quarterHour(now);
    expect(titles()).toEqual(FROSTBITE);
  });

  it('a summary ranks every player by kills; a map result has the stopwatch score', async () => {
    await arrive(FROST_1, now);
    await arrive(FROST_2, now);
    const r2 = truth.rounds.find((r) => r.file === FROST_2.name) as (typeof truth.rounds)[number];
    const [, summary, result] = fx.discord.messages.map((m) => m.payload as DiscordMessage);
    const fields = summary?.embeds?.[0]?.fields ?? [];
    const players = Object.values(r2.players ?? {}).sort(
      (a, b) => (b.kills as number) - (a.kills as number),
    );
    expect(fields).toHaveLength(players.length);
    expect(fields[0]?.value).toContain(`**${players[0]?.kills}**/`);
    const score = r2.map_score as { first_attackers: number; first_defenders: number };
    expect(result?.embeds?.[0]?.fields?.map((f) => f.name)).toEqual([
      `First attackers (${score.first_attackers})`,
      `First defenders (${score.first_defenders})`,
    ]);
    expect(JSON.stringify(fx.discord.messages[0]?.payload)).toContain('"parse":[]');
  });
});

describe('failed posts', () => {
  const now = at(timeOf(FROST_2.name) + 30_000);
  beforeEach(() => setChannel(CHANNEL, at(timeOf(FROST_1.name) - minutes(30))));
  const claims = () =>
    rowsOf<{ kind: string; settled: boolean }>(
      fx.handle.db,
      sql`select kind, settled_at is not null as settled
        from announcements where kind <> 'channel'`,
    );

  it('a 429 leaves the round and what follows to a later pass, which posts each once', async () => {
    fx.discord.inject({ status: 429, retryAfterSeconds: 60 }, { kind: 'channelMessage' });
    await Promise.all([arrive(FROST_1, now), arrive(FROST_2, now)]);
    expect(titles()).toEqual([]);
    expect(await claims()).toEqual([]); // released: nothing stands in the retry's way
    await fx.quarterHour(at(now.getTime() + 60_000));
    expect(titles()).toEqual(FROSTBITE);
    await fx.quarterHour(at(now.getTime() + 120_000));
    expect(titles()).toEqual(FROSTBITE);
  });

  it('500s past the client’s retries: retried by the next upload’s pass, in order', async () => {
    await arrive(FROST_1, now);
    fx.discord.inject({ status: 500 }, { kind: 'channelMessage', times: 4 });
    await arrive(FROST_2, now); // R2's summary fails four times
    expect(titles()).toEqual(['Round 1 · frostbite']);
    await arrive(ADLER_1, at(timeOf(ADLER_1.name) + 10_000));
    expect(titles()).toEqual([...FROSTBITE, 'Round 1 · etl\\_adlernest']);
  });

  it('an answer lost after Discord posted: the retry has the same nonce, one message', async () => {
    fx.discord.inject({ status: 500, afterCreating: true }, { kind: 'channelMessage' });
    await arrive(FROST_1, now);
    const requests = fx.discord.recorded.filter((r) => r.kind === 'channelMessage');
    expect(requests.map((r) => r.status)).toEqual([500, 200]);
    const [first, retry] = requests.map((r) => r.payload as { nonce: string });
    expect(first).toMatchObject({ enforce_nonce: true, nonce: retry?.nonce });
    expect(titles()).toEqual(['Round 1 · frostbite']);
  });

  it('a message Discord refuses (400) is given up, and the channel goes on', async () => {
    fx.discord.inject({ status: 400 }, { kind: 'channelMessage' });
    await Promise.all([arrive(FROST_1, now), arrive(FROST_2, now)]);
    expect(titles()).toEqual(FROSTBITE.slice(1));
    const [refused] = await rowsOf<{ refusal: string }>(
      fx.handle.db,
      sql`select refusal from announcements where refusal is not null`,
    );
    expect(refused?.refusal).toMatch(/400/);
  });

  it('a claim left by a pass cut off mid-post is taken over once stale, not before', async () => {
    await upload(FROST_1, now);
    const [round] = await rowsOf<{ id: number }>(
      fx.handle.db,
      sql`select file_id::int as id from rounds`,
    );
    await fx.handle.db.insert(announcements).values({
      channelId: CHANNEL,
      kind: 'round',
      subjectId: (round as { id: number }).id,
      claimedAt: now,
    });
    const channels = await announceChannels(fx.handle.db);
    const soon = at(now.getTime() + CLAIM_STALE_MS - 1000);
    expect(await announcePending(fx.handle.db, fx.rest, channels, soon)).toEqual({
      posted: 0,
      channels: { [CHANNEL]: 'busy' },
    });
    const stale = at(now.getTime() + CLAIM_STALE_MS + 1000);
    expect((await announcePending(fx.handle.db, fx.rest, channels, stale)).posted).toBe(1);
    expect(await claims()).toEqual([{ kind: 'round', settled: true }]);
    expect(titles()).toEqual(['Round 1 · frostbite']);
  });
});

describe('what is never announced', () => {
  it('a backfill of old files posts nothing, on import or on the cron', async () => {
    await setChannel(CHANNEL, at(timeOf(FROST_1.name) - minutes(600)));
    const now = at(timeOf(ADLER_2.name) + ANNOUNCE_WITHIN_MS + minutes(60));
    await Promise.all([FROST_1, FROST_2, ADLER_1, ADLER_2].map((f) => arrive(f, now)));
    await fx.quarterHour(now);
    expect(fx.discord.messages).toEqual([]);
  });

  it('rounds that ended before the channel was set, however recent', async () => {
    await setChannel(CHANNEL, at(timeOf(FROST_2.name) + 10_000));
    await arrive(FROST_1, at(timeOf(FROST_2.name) + 20_000));
    await arrive(FROST_2, at(timeOf(FROST_2.name) + 20_000));
    await arrive(ADLER_1, at(timeOf(ADLER_1.name) + 20_000));
    expect(titles()).toEqual(['Round 1 · etl\\_adlernest']);
  });

  it('nothing without a channel', async () => {
    await arrive(FROST_1, at(timeOf(FROST_1.name) + 20_000));
    expect(await announceChannels(fx.handle.db)).toEqual([]);
    expect(fx.discord.recorded).toEqual([]);
  });
});
