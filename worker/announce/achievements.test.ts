import { describe, expect, it } from 'vitest';
import { announceFixture } from '../../test/support/announce-fixture.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { afterImport } from '../jobs/after-import.ts';
import { ANNOUNCE_SETTLE_MS } from './announce-round.ts';

// The first five rounds of the corpus's first evening: a player passes 100 kills in the fifth.
const files = corpusFiles();
const EVENING = [
  '2025-09-04-202728-frostbite-round-1.txt',
  '2025-09-04-203809-frostbite-round-2.txt',
  '2025-09-04-205149-etl_adlernest-round-1.txt',
  '2025-09-04-210357-etl_adlernest-round-2.txt',
  '2025-09-04-211829-erdenberg_t2-round-1.txt',
].map((name) => files.find((f) => f.name === name) as (typeof files)[number]);
const LAST = EVENING[4] as (typeof EVENING)[number];
const NOW = new Date('2025-09-04T21:18:59Z');
const CHANNEL = '1000000000000000001';

const fx = announceFixture('EU #1', {
  guildId: '1200000000000000071',
  channelId: CHANNEL,
  since: new Date('2025-09-04T20:00:00Z'),
});

const arrive = async (f: (typeof EVENING)[number], settleMs = 0) =>
  afterImport(
    fx.handle.db,
    fx.rest,
    testConfig(),
    await importStatsFile(
      fx.handle.db,
      { serverId: fx.serverId, fileName: f.name, bytes: f.bytes, receivedAt: NOW },
      { sessionGapMinutes: 60 },
    ),
    NOW,
    0,
    settleMs,
  );

const posted = () =>
  fx.discord.messages.map((m) => (m.payload as DiscordMessage).embeds?.[0] ?? {});
/** Where in the channel the post with `title` about `file` (by its footer) went. */
const positionOf = (title: RegExp, file: string) =>
  posted().findIndex((e) => title.test(e.title ?? '') && (e.footer?.text ?? '').includes(file));

describe('achievements come after the round that unlocked them', () => {
  it('files arriving newest first, all at once: the unlocking round, then its achievements', async () => {
    await Promise.all([...EVENING].reverse().map((f) => arrive(f, ANNOUNCE_SETTLE_MS)));
    const summary = positionOf(/^Round 1 · erdenberg/, LAST.name);
    const unlocks = positionOf(/^Achievements? unlocked$/, LAST.name);
    expect(summary).toBeGreaterThanOrEqual(0);
    expect(unlocks).toBe(summary + 1);
    expect(posted().map((e) => e.title)).toEqual([
      'Round 1 · frostbite',
      'Round 2 · frostbite',
      'Map result · frostbite',
      'Round 1 · etl\\_adlernest',
      'Round 2 · etl\\_adlernest',
      'Map result · etl\\_adlernest',
      'Round 1 · erdenberg\\_t2',
      expect.stringMatching(/^Achievements? unlocked$/),
    ]);
  });

  it('the unlocking round’s summary fails to post: its achievements wait behind it', async () => {
    for (const f of EVENING.slice(0, 4)) await arrive(f);
    fx.discord.inject({ status: 500 }, { kind: 'channelMessage', times: 4 });
    await arrive(LAST);
    expect(posted().map((e) => e.title)).not.toContainEqual(expect.stringMatching(/unlocked/));
    await fx.quarterHour(NOW);
    const summary = positionOf(/^Round 1 · erdenberg/, LAST.name);
    expect(summary).toBeGreaterThan(0);
    expect(positionOf(/unlocked/, LAST.name)).toBe(summary + 1);
    // Once: the cron again posts nothing more.
    await fx.quarterHour(NOW);
    expect(posted().filter((e) => /unlocked/.test(e.title ?? ''))).toHaveLength(1);
  });
});

describe('text shown as typed is not escaped', () => {
  it('a footer names the server "EU #1", not "EU \\#1"', async () => {
    await arrive(EVENING[0] as (typeof EVENING)[number]);
    const footer = posted()[0]?.footer?.text ?? '';
    expect(footer).toBe(`${EVENING[0]?.name} · EU #1`);
  });
});
