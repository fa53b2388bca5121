import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { generateCorpus } from '../../generator/index.ts';
import { seasonOf } from '../../stats/seasons.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import {
  type NewAchievement,
  recomputeAfterImport,
  recomputeAll,
  type RecomputeSettings,
  refreshClockPeriods,
} from './index.ts';
import { referenceEntries, storedEntries } from '../../test/support/reference-leaderboard.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { storedPeriod } from './metrics.ts';
import { allTime } from '../queries/period.ts';
import { weaponDetail, weaponTotals } from '../queries/weapons.ts';

const LAST30 = storedPeriod(DEFAULT_COMMUNITY_ID, 'last30');

// Few humans and many bots on most evenings, so some rounds are mostly bots; evenings cross a quarter.
const generated = generateCorpus({
  seed: 20_251_001,
  evenings: 7,
  players: 12,
  startDate: '2025-09-22',
  playersPerEvening: [3, 9],
  mapsPerEvening: [3, 5],
  daysBetweenEvenings: [2, 3],
  rates: { botEvening: 0.6 },
});
const settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: { monthsPerSeason: 3 } };
const now = new Date('2025-10-20T12:00:00Z');
const seasonKey = (ms: number) => seasonOf(new Date(ms), settings.seasons)?.key ?? null;

/** A fixed shuffle: files arrive out of order, R2 before R1, evenings interleaved. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

let handle: DatabaseHandle;
const announced: NewAchievement[] = [];

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'generated' })
    .returning();
  for (const file of shuffled(generated.files, 7)) {
    const outcome = await importStatsFile(
      handle.db,
      {
        serverId: (server as { id: number }).id,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      settings,
    );
    if (outcome.status !== 'imported') continue;
    const report = await recomputeAfterImport(
      handle.db,
      { roundId: outcome.roundId, now },
      settings,
    );
    announced.push(...report.newAchievements);
  }
});
afterAll(() => handle.close());

describe('the recompute after each import, on generated files arriving out of order', () => {
  it('has rounds that are mostly bots, and ranks exactly what a straightforward sum over the raw rows ranks', async () => {
    const [counts] = await rowsOf<{ botty: number; bots: number }>(
      handle.db,
      sql`
      select count(*) filter (where bot_count * 2 >= player_count)::int as botty, count(*) filter (where bot_count > 0)::int as bots from rounds`,
    );
    expect(counts?.botty).toBeGreaterThan(0);
    expect(counts?.bots).toBeGreaterThan(counts?.botty ?? 0);
    expect(await storedEntries(handle.db)).toEqual(
      await referenceEntries(handle.db, now, seasonKey),
    );
    const [bots] = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from leaderboard_entries e join players p on p.guid = e.guid where p.bot`,
    );
    expect(bots?.n).toBe(0);
  });

  it('keeps all-time weapon figures and ratings, import by import, equal to sums over the stored rows', async () => {
    const all = allTime(DEFAULT_COMMUNITY_ID);
    // The same span put as a time period: answered by summing player-weapon rows, not from the stored totals.
    const summed = { ...all, startsAt: new Date(0) };
    const stored = await weaponTotals(handle.db, all);
    expect(stored.length).toBeGreaterThan(5);
    expect(stored).toEqual(await weaponTotals(handle.db, summed));
    for (const { weapon } of stored)
      expect(await weaponDetail(handle.db, weapon, all, 50)).toEqual(
        await weaponDetail(handle.db, weapon, summed, 50),
      );
    const latest = await rowsOf(
      handle.db,
      sql`select distinct on (key) community_id, key, round_id, mu_after as mu, sigma2_after as sigma2,
        count(*) over (partition by key)::int as maps
      from rating_changes order by key, ended_at desc, round_id desc`,
    );
    expect(latest.length).toBeGreaterThan(5);
    expect(
      await rowsOf(
        handle.db,
        sql`select community_id, key, round_id, mu, sigma2, maps from rating_current order by key`,
      ),
    ).toEqual(latest);
  });

  it('leaves the database exactly as a full recompute does', async () => {
    const incremental = await derivedDump(handle.db);
    expect(incremental.ratingChanges.length).toBeGreaterThan(0);
    const report = await recomputeAll(handle.db, settings, now);
    expect(report.newAchievements).toEqual([]);
    expect(report.sessionsRegrouped).toBe(false);
    expect(await derivedDump(handle.db)).toEqual(incremental);
  });

  it('announced every unlocked achievement exactly once', async () => {
    const stored = await rowsOf<{ key: string }>(
      handle.db,
      sql`select guid || ' ' || achievement as key from player_achievements order by 1`,
    );
    const keys = announced.map((a) => `${a.guid} ${a.achievement.id}`).sort();
    expect(keys).toEqual(stored.map((s) => s.key));
    expect(announced.every((a) => a.name.length > 0 && a.roundId > 0)).toBe(true);
  });

  it('changes nothing when the full recompute runs twice', async () => {
    await recomputeAll(handle.db, settings, now);
    const once = await derivedDump(handle.db);
    await recomputeAll(handle.db, settings, now);
    expect(await derivedDump(handle.db)).toEqual(once);
  });

  it("moves the last 30 days with the clock and nothing else, in a full run and in the cron's cheap refresh", async () => {
    const before = await derivedDump(handle.db);
    // Twelve days on, the window drops the first evenings but still reaches the last one.
    const later = new Date(now.getTime() + 12 * 86_400_000);
    await recomputeAll(handle.db, settings, later);
    const after = await derivedDump(handle.db);
    const notLast30 = (d: typeof before) => ({
      ...d,
      periods: d.periods.filter((p) => p.id !== LAST30),
      entries: d.entries.filter((e) => e.period !== LAST30),
    });
    expect(notLast30(after)).toEqual(notLast30(before));
    expect(after.entries.filter((e) => e.period === LAST30).length).toBeLessThan(
      before.entries.filter((e) => e.period === LAST30).length,
    );
    expect(await storedEntries(handle.db)).toEqual(
      await referenceEntries(handle.db, later, seasonKey),
    );
    // The cron's cheap refresh moves it the same way.
    await recomputeAll(handle.db, settings, now);
    expect(await refreshClockPeriods(handle.db, settings, later)).toMatchObject({
      scope: 'clock',
      newAchievements: [],
    });
    expect(await derivedDump(handle.db)).toEqual(after);
    await recomputeAll(handle.db, settings, now);
  });

  it('keeps the last 30 days of play when nobody played in the last 30 days, named with the latest day', async () => {
    const [latest] = await rowsOf<{ day: string }>(
      handle.db,
      sql`select to_char(max(ended_at) at time zone 'UTC', 'YYYY-MM-DD') as day from rounds`,
    );
    const muchLater = new Date(now.getTime() + 200 * 86_400_000);
    for (const run of [
      () => recomputeAll(handle.db, settings, muchLater),
      async () => {
        await recomputeAll(handle.db, settings, now);
        await refreshClockPeriods(handle.db, settings, muchLater);
      },
    ]) {
      await run();
      const dump = await derivedDump(handle.db);
      expect(dump.periods.find((p) => p.id === LAST30)).toMatchObject({
        name: `30 days to ${latest?.day} (latest play)`,
      });
      expect(dump.entries.filter((e) => e.period === LAST30).length).toBeGreaterThan(0);
      expect(await storedEntries(handle.db)).toEqual(
        await referenceEntries(handle.db, muchLater, seasonKey),
      );
    }
    await recomputeAll(handle.db, settings, now);
  });

  it('leaves the previous answers in place when a recompute fails halfway', async () => {
    const before = await derivedDump(handle.db);
    const sessions = await rowsOf<{ id: number }>(
      handle.db,
      sql`select id from gaming_sessions order by id`,
    );
    // A 2-minute gap splits the evenings (sessions and teams get rewritten), then the bad season anchor throws.
    const broken = { sessionGapMinutes: 2, seasons: { monthsPerSeason: 3, anchor: '2025-13' } };
    await expect(recomputeAll(handle.db, broken, now)).rejects.toThrow(/season anchor "2025-13"/);
    expect(
      await rowsOf<{ id: number }>(handle.db, sql`select id from gaming_sessions order by id`),
    ).toEqual(sessions);
    expect(await derivedDump(handle.db)).toEqual(before);
  });

  it('regroups the sessions when the gap setting changes', async () => {
    const report = await recomputeAll(handle.db, { ...settings, sessionGapMinutes: 2 }, now);
    expect(report.sessionsRegrouped).toBe(true);
    const [split] = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from gaming_sessions`,
    );
    expect(split?.n).toBeGreaterThan(generated.truth.sessions.length);
    expect(await storedEntries(handle.db)).toEqual(
      await referenceEntries(handle.db, now, seasonKey),
    );
    expect((await recomputeAll(handle.db, settings, now)).sessionsRegrouped).toBe(true);
    const [back] = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from gaming_sessions`,
    );
    expect(back?.n).toBe(generated.truth.sessions.length);
  });
});
