import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gameServers, guildSettings } from '../../schema/index.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { afterImport } from './after-import.ts';
import { bindToDefault } from '../../test/support/community.ts';
import type { Database, DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { importStatsFile } from '../importer/import-file.ts';
import type { ImportOutcome } from '../importer/outcome.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import { recomputeAll } from '../recompute/index.ts';
import { leaderboard } from '../recompute/read.ts';

const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const files = corpusFiles().slice(0, 10);
/** Just after a file's (UTC) time: the round is live. */
const justAfter = (name: string) =>
  new Date(
    Date.parse(
      `${name.slice(0, 10)}T${name.slice(11, 13)}:${name.slice(13, 15)}:${name.slice(15, 17)}Z`,
    ) + 30_000,
  );

let handle: DatabaseHandle;
let discord: FakeDiscord;
let serverId: number;

beforeAll(async () => {
  handle = await openPglite();
  discord = await startFakeDiscord({ botToken: 'bot' });
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  serverId = (server as { id: number }).id;
  for (const file of files.slice(0, 9))
    await importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date() },
      settings,
    );
  await recomputeAll(handle.db, settings, justAfter((files[8] as { name: string }).name));
  await bindToDefault(handle.db, '100000000000000002');
  await handle.db.insert(guildSettings).values({
    guildId: '100000000000000002',
    announceChannelId: 'rounds',
    updatedAt: new Date(),
    updatedBy: 'admin',
  });
});
afterAll(async () => {
  await handle.close();
  await discord.close();
});

describe('after a live round is imported', () => {
  it('updates the leaderboards and posts the round, the map result and the achievements it unlocked', async () => {
    const file = files[9] as { name: string; bytes: Uint8Array };
    const now = justAfter(file.name);
    const before = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'rounds', 'all', {
      limit: 1,
    });
    const outcome = await importStatsFile(
      handle.db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: now },
      settings,
    );
    await afterImport(
      handle.db,
      createDiscordRest({ botToken: 'bot', baseUrl: discord.apiBase }),
      testConfig(),
      outcome,
      now,
      0,
    );

    const after = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'rounds', 'all', { limit: 1 });
    expect(after.rows[0]?.value).toBe((before.rows[0]?.value ?? 0) + 1);
    const posted = discord.recorded
      .filter((r) => r.kind === 'channelMessage')
      .map((r) => JSON.stringify(r.payload));
    expect(posted.some((b) => b.includes(`Round ${file.name.includes('round-2') ? 2 : 1}`))).toBe(
      true,
    );
    if (file.name.includes('round-2'))
      expect(posted.some((b) => b.includes('Map result'))).toBe(true);
    expect(posted.some((b) => b.includes('10 rounds'))).toBe(true);
  });
});

describe('uploads arriving together', () => {
  it('are recomputed by one drain that waits for the burst, rounds queued while it runs included', async () => {
    const burst = corpusFiles().slice(0, 30);
    const now = justAfter((burst.at(-1) as { name: string }).name);
    const [together, reference] = await Promise.all([openPglite(), openPglite()]);
    try {
      const ids = await Promise.all(
        [together, reference].map(async (h) => {
          const [server] = await h.db
            .insert(gameServers)
            .values({ communityId: 1, name: 'corpus' })
            .returning();
          return (server as { id: number }).id;
        }),
      );
      const upload = (h: DatabaseHandle, i: number, file: { name: string; bytes: Uint8Array }) =>
        importStatsFile(
          h.db,
          { serverId: ids[i] as number, fileName: file.name, bytes: file.bytes, receivedAt: now },
          settings,
        );
      for (const file of burst.slice(0, 20))
        for (const [i, h] of [together, reference].entries()) await upload(h, i, file);
      await Promise.all([
        recomputeAll(together.db, settings, now),
        recomputeAll(reference.db, settings, now),
      ]);

      const rest = createDiscordRest({ botToken: 'bot', baseUrl: discord.apiBase });
      // Imported in order (ids as in the reference), their post-import steps all at once.
      const outcomes: ImportOutcome[] = [];
      for (const file of burst.slice(20)) outcomes.push(await upload(together, 0, file));
      const after = (outcome: ImportOutcome) =>
        afterImport(together.db, rest, testConfig(), outcome, now, 150);
      const first = Promise.all(outcomes.slice(0, 7).map(after));
      await new Promise((resolve) => setTimeout(resolve, 250)); // the drain is under way: these rely on it
      await Promise.all([first, ...outcomes.slice(7).map(after)]);

      for (const file of burst.slice(20)) await upload(reference, 1, file);
      await recomputeAll(reference.db, settings, now);
      expect(await rowsOf(together.db, sql`select round_id from recompute_queue`)).toEqual([]);
      expect(await derivedDump(together.db)).toEqual(await derivedDump(reference.db));
    } finally {
      await Promise.all([together.close(), reference.close()]);
    }
  }, 120_000);
});

describe('a drain cut off with its request', () => {
  it('holds back the next uploads’ drains for 30 s, then one of them takes over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const [round] = await rowsOf<{ id: number; file_id: number; map: string }>(
        handle.db,
        sql`select id, file_id::int, map from rounds order by id limit 1`,
      );
      const outcome: ImportOutcome = {
        status: 'imported',
        fileId: round!.file_id,
        roundId: round!.id,
        matchId: null,
        round: 1,
        map: round!.map,
      };
      const rest = createDiscordRest({ botToken: 'bot', baseUrl: discord.apiBase });
      const queued = async () =>
        (await rowsOf(handle.db, sql`select round_id from recompute_queue`)).length;
      // A database that takes the queue entry, then never answers: the drain hangs, as when cut off.
      const stuck = {
        execute: async () => ({ rows: [] }),
        transaction: () => new Promise(() => {}),
      } as unknown as Database;
      void afterImport(stuck, rest, testConfig(), outcome, new Date(), 0);
      await new Promise((resolve) => setTimeout(resolve, 20));

      await afterImport(handle.db, rest, testConfig(), outcome, new Date(), 0);
      expect(await queued()).toBe(1); // the hung drain is still counted on
      vi.setSystemTime(Date.now() + 31_000);
      await afterImport(handle.db, rest, testConfig(), outcome, new Date(), 0);
      expect(await queued()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
