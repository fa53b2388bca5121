import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlocks } from '../../stats/achievements.ts';
import { seasonOf } from '../../stats/seasons.ts';
import { loadTruth } from '../../test/support/corpus.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import { recomputeAll, type RecomputeSettings } from './index.ts';
import {
  METRIC_IDS,
  type PeriodId,
  type PeriodKind,
  seasonPeriod,
  sessionPeriod,
  storedPeriod,
  THRESHOLDS,
} from './metrics.ts';
import { achievementsOf, leaderboard, rankOf } from './read.ts';
import {
  type RawPlayerRound,
  rawPlayerRounds,
  referenceBoard,
} from '../../test/support/reference-leaderboard.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';

const truth = loadTruth();
const settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: { monthsPerSeason: 3 } };
// The corpus's evenings run from 2025-09-04 to 2025-10-13: the last 30 days before "now" cover its second half.
const now = new Date('2025-10-20T12:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeAll(handle.db, settings, now);
});
afterAll(() => handle.close());

const fileOfRound = async () =>
  new Map(
    (
      await rowsOf<{ id: number; file: string }>(
        handle.db,
        sql`select r.id, f.file_name as file from rounds r join stats_files f on f.id = r.file_id`,
      )
    ).map((r) => [r.id, r.file]),
  );

describe('the recompute over the sample corpus', () => {
  it('groups the sessions exactly as truth.json, and puts its players and its R2-only substitutes on teams', async () => {
    const rows = await rowsOf<{ id: number; files: string[] }>(
      handle.db,
      sql`
      select s.id, array_agg(f.file_name order by r.ended_at) as files from gaming_sessions s
      join rounds r on r.session_id = s.id join stats_files f on f.id = r.file_id group by s.id order by min(r.ended_at)`,
    );
    expect(rows.map((r) => r.files)).toEqual(truth.sessions.map((s) => s.rounds));
    for (const [i, session] of rows.entries()) {
      // truth.json lists a session's lineup: humans who started a map; teams also hold who only came in for an R2.
      const players = await rowsOf<{ guid: string; lineup: boolean }>(
        handle.db,
        sql`
        select t.guid, bool_or(not pr.joined_in_r2) as lineup from session_teams t
        join rounds r on r.session_id = t.session_id join player_rounds pr on pr.round_id = r.id and pr.guid = t.guid
        where t.session_id = ${session.id} group by t.guid order by t.guid`,
      );
      expect(
        players.filter((p) => p.lineup).map((p) => p.guid),
        `session ${i}`,
      ).toEqual(truth.sessions[i]?.players);
    }
  });

  it("gives each complete map's stopwatch points to the teams as truth.json scores them", async () => {
    const rows = await rowsOf<{ r2: string; first: 'A' | 'B'; a: number; b: number }>(
      handle.db,
      sql`
      select f.file_name as r2, sm.first_attackers_team as first, sm.team_a_points as a, sm.team_b_points as b
      from session_maps sm join matches m on m.id = sm.match_id join rounds r on r.id = m.round2_id join stats_files f on f.id = r.file_id`,
    );
    const byR2 = new Map(rows.map((r) => [r.r2, r]));
    const complete = truth.rounds.filter((r) => r.map_score);
    expect(rows).toHaveLength(complete.length);
    for (const round of complete) {
      const got = byR2.get(round.file);
      const score = round.map_score as { first_attackers: number; first_defenders: number };
      expect(got, round.file).toBeDefined();
      const firstAttackers = got?.first === 'A' ? got.a : got?.b;
      const firstDefenders = got?.first === 'A' ? got.b : got?.a;
      expect([firstAttackers, firstDefenders], round.file).toEqual([
        score.first_attackers,
        score.first_defenders,
      ]);
    }
  });

  it('scores each session by maps won, from its maps', async () => {
    const results = await rowsOf<{
      session_id: number;
      team_a_maps: number;
      team_b_maps: number;
      drawn_maps: number;
      winner: string | null;
    }>(handle.db, sql`select * from session_results`);
    expect(results).toHaveLength(truth.sessions.length);
    for (const r of results) {
      const maps = await rowsOf<{ a: number; b: number }>(
        handle.db,
        sql`
        select team_a_points as a, team_b_points as b from session_maps where session_id = ${r.session_id} and team_a_points is not null`,
      );
      const won = {
        A: maps.filter((m) => m.a === 2).length,
        B: maps.filter((m) => m.b === 2).length,
      };
      expect([r.team_a_maps, r.team_b_maps, r.drawn_maps]).toEqual([
        won.A,
        won.B,
        maps.filter((m) => m.a === 1).length,
      ]);
      expect(r.winner).toBe(won.A > won.B ? 'A' : won.B > won.A ? 'B' : null);
    }
  });

  it('ranks every metric in every period as a straightforward sum over the raw per-round rows', async () => {
    const raw = await rawPlayerRounds(handle.db);
    const sessions = await rowsOf<{ id: number }>(handle.db, sql`select id from gaming_sessions`);
    const periods: [string, PeriodKind, (r: RawPlayerRound) => boolean][] = [
      ['all', 'all', () => true],
      ['last30', 'last30', (r) => r.ended_ms >= now.getTime() - 30 * 86_400_000],
      [
        seasonPeriod('2025-07-01'),
        'season',
        (r) => seasonOf(new Date(r.ended_ms))?.key === '2025-07-01',
      ],
      [
        seasonPeriod('2025-10-01'),
        'season',
        (r) => seasonOf(new Date(r.ended_ms))?.key === '2025-10-01',
      ],
      ...sessions.map((s): [string, PeriodKind, (r: RawPlayerRound) => boolean] => [
        sessionPeriod(s.id),
        'session',
        (r) => r.session_id === s.id,
      ]),
    ];
    const stored = await rowsOf<{
      period: string;
      metric: string;
      guid: string;
      rank: number;
      value: number;
      rounds: number;
      minutes: number;
    }>(
      handle.db,
      sql`
      select period, metric, guid, rank, value, rounds, minutes from leaderboard_entries order by period, metric, rank, guid`,
    );
    const periodIds = new Set(stored.map((s) => s.period));
    expect([...periodIds].sort()).toEqual(
      periods.map(([id]) => storedPeriod(DEFAULT_COMMUNITY_ID, id as PeriodId)).sort(),
    );
    let compared = 0;
    for (const [id, kind, inPeriod] of periods) {
      for (const metric of METRIC_IDS) {
        const want = referenceBoard(raw, inPeriod, kind, metric);
        const got = stored.filter(
          (s) =>
            s.period === storedPeriod(DEFAULT_COMMUNITY_ID, id as PeriodId) && s.metric === metric,
        );
        expect(
          got.map((g) => [g.guid, g.rank, g.rounds]),
          `${id} ${metric}`,
        ).toEqual(want.map((w) => [w.guid, w.rank, w.rounds]));
        for (const [i, g] of got.entries()) {
          expect(g.value, `${id} ${metric} ${g.guid}`).toBeCloseTo(
            (want[i] as { value: number }).value,
            9,
          );
          expect(g.minutes).toBeCloseTo((want[i] as { minutes: number }).minutes, 6);
        }
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it("leaves a ratio out until the period's minimum activity, and says so", async () => {
    const rounds = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'rounds', 'all', {
      limit: 100,
    });
    const kd = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'kd', 'all', { limit: 100 });
    expect(kd.threshold).toEqual(THRESHOLDS.all);
    expect(kd.rows.every((r) => r.rounds >= 20 && r.minutes >= 120)).toBe(true);
    const casual = rounds.rows.find((r) => r.rounds < 20) as { guid: string; rounds: number };
    expect(casual).toBeDefined();
    expect(await rankOf(handle.db, DEFAULT_COMMUNITY_ID, 'kd', 'all', casual.guid)).toEqual({
      ranked: false,
      total: kd.total,
      rounds: casual.rounds,
      minutes: expect.any(Number),
      threshold: THRESHOLDS.all,
    });
    const top = kd.rows[0] as { guid: string; value: number };
    expect(await rankOf(handle.db, DEFAULT_COMMUNITY_ID, 'kd', 'all', top.guid)).toMatchObject({
      ranked: true,
      rank: 1,
      total: kd.total,
      value: top.value,
    });
  });

  it('pages a leaderboard with its total, and ranks team damage lowest first', async () => {
    const first = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'kills', 'all', { limit: 5 });
    const second = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'kills', 'all', {
      limit: 5,
      offset: 5,
    });
    expect(first.rows).toHaveLength(5);
    expect(second.rows[0]?.rank).toBeGreaterThanOrEqual(first.rows[4]?.rank ?? 0);
    expect(first.total).toBe(
      truth.sessions.flatMap((s) => s.players).filter((g, i, all) => all.indexOf(g) === i).length,
    );
    expect(first.periodName).toBe('All time');
    const past = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'kills', 'all', {
      limit: 5,
      offset: 1000,
    });
    expect(past).toMatchObject({ rows: [], total: first.total, periodName: 'All time' });
    const team = await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'team_damage', 'all', {
      limit: 100,
    });
    expect(team.order).toBe('asc');
    expect(team.rows.map((r) => r.value)).toEqual(
      [...team.rows.map((r) => r.value)].sort((a, b) => a - b),
    );
    expect(
      (await leaderboard(handle.db, DEFAULT_COMMUNITY_ID, 'kills', 'season:2025-10-01')).periodName,
    ).toBe('2025 Q4');
  });

  it('unlocks achievements in the round (by play order) where each threshold was reached', async () => {
    const files = await fileOfRound();
    const raw = (await rawPlayerRounds(handle.db)).sort(
      (a, b) =>
        a.ended_ms - b.ended_ms ||
        (files.get(a.round_id) as string).localeCompare(files.get(b.round_id) as string),
    );
    const guids = [...new Set(raw.map((r) => r.guid))];
    let unlockedTotal = 0;
    for (const guid of guids) {
      const want = unlocks(
        raw
          .filter((r) => r.guid === guid)
          .map((r) => ({ round: r.round_id, kills: r.kills, deaths: r.deaths })),
      );
      const got = await achievementsOf(handle.db, DEFAULT_COMMUNITY_ID, guid);
      expect(new Map(got.unlocked.map((u) => [u.achievement.id, u.roundId])), guid).toEqual(
        new Map(want.map((w) => [w.id, w.round])),
      );
      expect(got.locked.length + got.unlocked.length).toBe(16);
      unlockedTotal += got.unlocked.length;
    }
    expect(unlockedTotal).toBeGreaterThan(30);
    const some = await achievementsOf(handle.db, DEFAULT_COMMUNITY_ID, guids[0] as string);
    expect(some.unlocked[0]).toMatchObject({
      fileName: expect.stringMatching(/-round-[12]\.txt$/),
      map: expect.any(String),
    });
  });

  it('changes nothing when run again', async () => {
    const before = await derivedDump(handle.db);
    const report = await recomputeAll(handle.db, settings, now);
    expect(report).toMatchObject({ scope: 'full', sessionsRegrouped: false, newAchievements: [] });
    expect(await derivedDump(handle.db)).toEqual(before);
  });
});
