import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { storedPeriod } from '../recompute/metrics.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { discordLinks, gameServers } from '../../schema/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import { KEPT, NEW_GUID, splitFiles } from '../../test/support/split-corpus.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import type { Database } from '../db/database.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { recomputeAll } from '../recompute/index.ts';
import { mergePlayers, rebuildEverything, unmergePlayer } from './merge-players.ts';
import { applyPlayerMerges } from '../importer/player-merges.ts';
import { listMerges } from '../queries/merges.ts';

// The scenario merging exists for: a regular (kris2, 0925E474) reinstalls halfway through the corpus and
// comes back as FEEDBEEF. The "split" database imports the corpus with that change made to the raw files
// of the second half; the "whole" one is the corpus as it is: what the split one must equal once merged.
const NOW = new Date('2026-05-01T12:00:00Z');
const settings = { sessionGapMinutes: 60, seasons: QUARTERS };

let whole: CorpusDatabase;
let split: PgliteHandle;
let splitBefore: Awaited<ReturnType<typeof canonicalDump>>;

/** One player's stored rows keyed by file name (ids differ between databases). */
async function playerRows(db: Database, guid: string) {
  return {
    player: await rowsOf(
      db,
      sql`select guid, name, name_raw, bot, first_seen_at, last_seen_at from players where guid = ${guid}`,
    ),
    aliases: await rowsOf(
      db,
      sql`select name_raw, name, first_seen_at, last_seen_at, rounds from player_aliases where guid = ${guid} order by name_raw`,
    ),
    rounds: await rowsOf<Record<string, unknown>>(
      db,
      sql`select f.file_name, pr.* from player_rounds pr join rounds r on r.id = pr.round_id
      join stats_files f on f.id = r.file_id where pr.guid = ${guid} order by f.file_name`,
    ).then((rows) => rows.map(({ round_id: _, ...row }) => row)),
    weapons: await rowsOf(
      db,
      sql`select f.file_name, w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots from player_weapon_rounds w
      join rounds r on r.id = w.round_id join stats_files f on f.id = r.file_id where w.guid = ${guid} order by f.file_name, w.weapon`,
    ),
    allTime: await rowsOf(
      db,
      sql`select metric, rank, value, rounds, minutes from leaderboard_entries where period = ${storedPeriod(DEFAULT_COMMUNITY_ID, 'all')} and guid = ${guid} order by metric`,
    ),
  };
}

const count = async (db: Database, table: string, guid: string) =>
  (
    await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${sql.raw(table)} where guid = ${guid}`,
    )
  )[0]?.n;

beforeAll(async () => {
  whole = await openCorpusDatabase();
  await recomputeAll(whole.db, settings, NOW);
  split = await openPglite();
  const [server] = await split.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  for (const file of splitFiles()) {
    await importStatsFile(
      split.db,
      { serverId: server!.id, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
  }
  await recomputeAll(split.db, settings, NOW);
  splitBefore = withoutIds(await canonicalDump(split.db));
}, 120_000);
afterAll(async () => {
  await whole?.close();
  await split?.close();
});

describe('merging players (one person, two GUIDs)', () => {
  it('refuses what cannot be one person, naming why', async () => {
    const [partner] = await rowsOf<{ guid: string }>(
      split.db,
      sql`select b.guid from player_rounds a join player_rounds b on b.round_id = a.round_id
      where a.guid = ${KEPT} and b.guid <> ${KEPT} and not b.bot limit 1`,
    );
    await split.db.execute(sql`insert into players (guid, name, name_raw, bot, first_seen_at, last_seen_at)
      values ('OMNIBOT1', '[BOT]Ada', '[BOT]Ada', true, now(), now())`);
    // The bot played a round here: a player of this community, so the refusal is about the bot.
    await split.db.execute(sql`insert into player_rounds
      select (jsonb_populate_record(null::player_rounds, to_jsonb(pr) || '{"guid": "OMNIBOT1"}')).*
      from player_rounds pr where pr.guid <> ${KEPT} limit 1`);
    const attempt = (keptGuid: string, mergedGuid: string) =>
      mergePlayers(
        split.db,
        { communityId: DEFAULT_COMMUNITY_ID, keptGuid, mergedGuid, by: 'u1', now: NOW },
        settings,
      );
    expect(await attempt(KEPT, KEPT)).toEqual({ ok: false, reason: 'those are the same GUID' });
    expect(await attempt(KEPT, 'ABCDEF12')).toEqual({
      ok: false,
      reason: 'no player has the GUID `ABCDEF12`',
    });
    expect(await attempt(KEPT, 'OMNIBOT1')).toEqual({ ok: false, reason: 'bots cannot be merged' });
    expect(await attempt(KEPT, partner!.guid)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^they played in the same round \d+ time\(s\), so they are two people$/,
      ),
    });
    await split.db.insert(discordLinks).values([
      { communityId: DEFAULT_COMMUNITY_ID, userId: '1', guid: KEPT, linkedAt: NOW, linkedBy: '1' },
      {
        communityId: DEFAULT_COMMUNITY_ID,
        userId: '2',
        guid: NEW_GUID,
        linkedAt: NOW,
        linkedBy: '2',
      },
    ]);
    expect(await attempt(KEPT, NEW_GUID)).toEqual({
      ok: false,
      reason: 'both GUIDs are linked to different Discord users: /admin unlink one of them first',
    });
    await split.db.execute(sql`delete from discord_links where user_id = '1'`);
    await split.db.execute(sql`delete from player_rounds where guid = 'OMNIBOT1'`);
    await split.db.execute(sql`delete from players where guid = 'OMNIBOT1'`);
    expect(withoutIds(await canonicalDump(split.db))).toEqual(splitBefore);
  });

  it('files the second GUID’s rounds, weapons and names under the kept one: the player equals an import where the GUID never changed', async () => {
    const result = await mergePlayers(
      split.db,
      {
        communityId: DEFAULT_COMMUNITY_ID,
        keptGuid: KEPT,
        mergedGuid: NEW_GUID,
        by: 'u1',
        now: NOW,
      },
      settings,
    );
    expect(result).toMatchObject({ ok: true, kept: { guid: KEPT }, merged: { guid: NEW_GUID } });
    expect(result.ok && result.movedRounds).toBeGreaterThan(10);
    expect(await playerRows(split.db, KEPT)).toEqual(await playerRows(whole.db, KEPT));
    for (const table of [
      'player_rounds',
      'player_weapon_rounds',
      'player_aliases',
      'leaderboard_entries',
    ])
      expect(await count(split.db, table, NEW_GUID), table).toBe(0);
    // The new GUID's Discord link moved to the kept GUID, which had none.
    expect(await rowsOf(split.db, sql`select user_id, guid from discord_links`)).toEqual([
      { user_id: '2', guid: KEPT },
    ]);
    expect(await listMerges(split.db, DEFAULT_COMMUNITY_ID)).toMatchObject([
      { merged_guid: NEW_GUID, kept_guid: KEPT, merged_by: 'u1' },
    ]);
  }, 60_000);

  it('keeps the merge through a rebuild from the raw files, and applying it again changes nothing', async () => {
    const merged = await playerRows(split.db, KEPT);
    await rebuildEverything(split.db, settings, NOW);
    expect(await playerRows(split.db, KEPT)).toEqual(merged);
    expect(await applyPlayerMerges(split.db)).toEqual({ movedRounds: 0 });
    expect(await playerRows(split.db, KEPT)).toEqual(merged);
  }, 60_000);

  it('undoes exactly: unmerging gives back the database of two GUIDs', async () => {
    const result = await unmergePlayer(
      split.db,
      DEFAULT_COMMUNITY_ID,
      NEW_GUID.toLowerCase(),
      settings,
      NOW,
    );
    expect(result).toMatchObject({ ok: true, kept: KEPT, merged: NEW_GUID });
    const after = withoutIds(await canonicalDump(split.db));
    // The link stays where the merge put it (the user chose the kept player); everything else is as before.
    expect(after).toEqual(splitBefore);
    expect(await unmergePlayer(split.db, DEFAULT_COMMUNITY_ID, NEW_GUID, settings, NOW)).toEqual({
      ok: false,
      reason: '`FEEDBEEF` is not merged into anyone',
    });
  }, 60_000);
  it('files a round that arrives after the merge under the kept GUID as it is imported', async () => {
    expect(
      await mergePlayers(
        split.db,
        {
          communityId: DEFAULT_COMMUNITY_ID,
          keptGuid: KEPT,
          mergedGuid: NEW_GUID,
          by: 'u1',
          now: NOW,
        },
        settings,
      ),
    ).toMatchObject({ ok: true });
    const [server] = await rowsOf<{ id: number }>(split.db, sql`select id from game_servers`);
    const late = splitFiles().findLast(
      (file) =>
        file.name.endsWith('-round-1.txt') &&
        new TextDecoder('latin1').decode(file.bytes).includes(`\n${NEW_GUID}\\`),
    )!;
    const text = new TextDecoder('latin1').decode(late.bytes).replace(/^[^\\]*/, 'late server');
    const name = late.name.replace(/^\d{4}-\d{2}-\d{2}/, '2026-04-30');
    const keptBefore = await count(split.db, 'player_rounds', KEPT);
    const imported = await importStatsFile(
      split.db,
      {
        serverId: server!.id,
        fileName: name,
        bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)),
        receivedAt: NOW,
      },
      settings,
    );
    expect(imported.status).toBe('imported');
    expect(await count(split.db, 'player_rounds', NEW_GUID)).toBe(0);
    expect(await count(split.db, 'player_rounds', KEPT)).toBe((keptBefore ?? 0) + 1);
    expect(await applyPlayerMerges(split.db)).toEqual({ movedRounds: 0 });
  }, 60_000);

  it('marks a merged player who left before the R2 as leaving early when that R2 arrives after the R1', async () => {
    const [server] = await rowsOf<{ id: number }>(split.db, sql`select id from game_servers`);
    const files = splitFiles();
    const r1 = files.findLast(
      (file) =>
        file.name.endsWith('-round-1.txt') &&
        new TextDecoder('latin1').decode(file.bytes).includes(`\n${NEW_GUID}\\`),
    )!;
    const r2 = files[files.indexOf(r1) + 1]!;
    expect(r2.name).toMatch(/-round-2\.txt$/);
    // The same map a day later, and in the R2 the merged GUID is gone: they left after R1.
    const moved = (file: typeof r1, edit: (text: string) => string) => ({
      fileName: file.name.replace(/^\d{4}-\d{2}-\d{2}/, '2026-04-29'),
      bytes: Uint8Array.from(
        edit(new TextDecoder('latin1').decode(file.bytes).replace(/^[^\\]*/, 'later server')),
        (c) => c.charCodeAt(0),
      ),
    });
    const upload = (file: ReturnType<typeof moved>) =>
      importStatsFile(split.db, { serverId: server!.id, ...file, receivedAt: NOW }, settings);
    const one = await upload(moved(r1, (text) => text));
    const two = await upload(
      moved(r2, (text) => text.replace(new RegExp(`^${NEW_GUID}\\\\.*\\n`, 'm'), '')),
    );
    expect(
      one.status === 'imported' && two.status === 'imported' && two.matchId === one.roundId,
    ).toBe(true);
    const rows = await rowsOf<{ guid: string; left_early: boolean }>(
      split.db,
      sql`select guid, left_early from player_rounds
      where round_id = ${one.status === 'imported' ? one.roundId : 0} order by guid`,
    );
    expect(rows.find((r) => r.guid === KEPT)?.left_early).toBe(true);
    expect(rows.filter((r) => r.left_early)).toHaveLength(1);
  }, 60_000);
});
