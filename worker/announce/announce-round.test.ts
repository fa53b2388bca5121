import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers, guildSettings } from '../../schema/index.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { startFakeDiscord, type FakeDiscord } from '../../scripts/dev/fake-discord.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { importStatsFile } from '../importer/import-file.ts';
import type { ImportOutcome } from '../importer/outcome.ts';
import { announceChannels, postToChannels, roundAnnouncements } from './announce-round.ts';
import { addCommunity, bindToDefault, DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const truth = loadTruth();
let handle: DatabaseHandle;
let discord: FakeDiscord;
const outcomes = new Map<string, ImportOutcome>();
/** "Now" just after a file's time, so the round counts as live. */
const justAfter = (file: string) =>
  new Date(
    Date.parse(
      `${file.slice(0, 10)}T${file.slice(11, 13)}:${file.slice(13, 15)}:${file.slice(15, 17)}Z`,
    ) + 60_000,
  );

beforeAll(async () => {
  handle = await openPglite();
  discord = await startFakeDiscord({ botToken: 'bot' });
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  for (const file of corpusFiles().slice(0, 12)) {
    outcomes.set(
      file.name,
      await importStatsFile(
        handle.db,
        {
          serverId: (server as { id: number }).id,
          fileName: file.name,
          bytes: file.bytes,
          receivedAt: new Date(),
        },
        { sessionGapMinutes: 60 },
      ),
    );
  }
});
afterAll(async () => {
  await handle.close();
  await discord.close();
});

describe('round announcements', () => {
  const r2 = truth.rounds.find(
    (r) => r.round === 2 && !r.orphan && r.file.startsWith('2025-09-04'),
  ) as (typeof truth.rounds)[number];

  it('summarises a round with every player ranked by kills, and a map result after R2', async () => {
    const messages = await roundAnnouncements(
      handle.db,
      outcomes.get(r2.file) as ImportOutcome,
      justAfter(r2.file),
    );
    expect(messages).toHaveLength(2);
    for (const m of messages) assertWithinLimits(m);
    const fields = messages[0]?.embeds?.[0]?.fields ?? [];
    const players = Object.values(r2.players ?? {}).sort(
      (a, b) => (b.kills as number) - (a.kills as number),
    );
    expect(fields).toHaveLength(players.length);
    expect(fields[0]?.value).toContain(`**${players[0]?.kills}**/`);
    const score = r2.map_score as { first_attackers: number; first_defenders: number };
    expect(messages[1]?.embeds?.[0]?.fields?.map((f) => f.name)).toEqual([
      `First attackers (${score.first_attackers})`,
      `First defenders (${score.first_defenders})`,
    ]);
  });

  it('stays quiet for old rounds (a backfill) and posts live ones to the configured channel', async () => {
    const outcome = outcomes.get(r2.file) as ImportOutcome;
    expect(
      await roundAnnouncements(
        handle.db,
        outcome,
        new Date(justAfter(r2.file).getTime() + 2 * 3600_000),
      ),
    ).toEqual([]);
    const rest = createDiscordRest({ botToken: 'bot', baseUrl: discord.apiBase });
    const messages = await roundAnnouncements(handle.db, outcome, justAfter(r2.file));
    expect(await announceChannels(handle.db, DEFAULT_COMMUNITY.id)).toEqual([]); // none yet
    const guildId = '100000000000000001';
    await bindToDefault(handle.db, guildId);
    await handle.db
      .insert(guildSettings)
      .values({ guildId, announceChannelId: 'c1', updatedAt: new Date(), updatedBy: 'u1' });
    expect(await announceChannels(handle.db, DEFAULT_COMMUNITY.id)).toEqual(['c1']);
    // Another community's rounds are not announced in this guild's channel.
    const other = await addCommunity(handle.db, 'other', 'Another community');
    expect(await announceChannels(handle.db, other)).toEqual([]);
    expect(await postToChannels(rest, ['c1'], messages)).toBe(2);
    const posted = discord.recorded.filter((r) => r.kind === 'channelMessage');
    expect(posted).toHaveLength(2);
    expect(JSON.stringify(posted[0])).toContain('"parse":[]');
  });
});
