import { sql } from 'drizzle-orm';
import { ACHIEVEMENTS, type Achievement } from '../../stats/achievements.ts';
import type { TeamLabel } from '../../stats/teams.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity } from '../db/scopes.ts';
import { shownName } from '../db/scopes.ts';
import {
  METRICS,
  type MetricId,
  type PeriodId,
  periodKind,
  storedPeriod,
  type Threshold,
  thresholdOf,
} from './metrics.ts';

export interface LeaderboardRow {
  readonly rank: number;
  readonly guid: string;
  /** Current display name (colour codes stripped). */
  readonly name: string;
  readonly value: number;
  readonly rounds: number;
  readonly minutes: number;
}

export interface LeaderboardPage {
  readonly metric: MetricId;
  readonly period: PeriodId;
  /** The period's name (`All time`, `2025 Q4`, `Last 30 days`, `Session 12 (2025-10-02)`); null if never computed. */
  readonly periodName: string | null;
  readonly order: 'desc' | 'asc';
  readonly rows: LeaderboardRow[];
  /** The minimum activity the metric needs in this period (null: any non-zero value ranks). */
  readonly threshold: Threshold | null;
  /** Ranked players in all pages. */
  readonly total: number;
}

interface EntryRow {
  rank: number;
  guid: string;
  name: string | null;
  value: number;
  rounds: number;
  minutes: number;
  total: number;
  period_name: string;
}

/**
 * One page of a precomputed leaderboard, best first (ties share a rank, then by GUID): one indexed read.
 * `period` is `all`, `last30`, `season:<key>` (see `currentSeason`) or `session:<id>`.
 */
export async function leaderboard(
  db: Queryable,
  communityId: number,
  metric: MetricId,
  period: PeriodId,
  options: { limit?: number; offset?: number } = {},
): Promise<LeaderboardPage> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 100);
  const offset = Math.max(options.offset ?? 0, 0);
  const kind = periodKind(period);
  const threshold = kind === null ? null : thresholdOf(metric, kind);
  const rows = await rowsOf<EntryRow>(
    db,
    sql`
    select e.rank, e.guid, ${shownName(sql`e.guid`, communityId)} as name, e.value, e.rounds, e.minutes, count(*) over ()::int as total, lp.name as period_name
    from leaderboard_entries e join leaderboard_periods lp on lp.id = e.period
    where e.period = ${storedPeriod(communityId, period)} and e.metric = ${metric}
    order by e.rank, e.guid limit ${limit} offset ${offset}`,
  );
  let total = rows[0]?.total ?? 0;
  let periodName = rows[0]?.period_name ?? null;
  if (rows.length === 0) {
    const [info] = await rowsOf<{ name: string; total: number }>(
      db,
      sql`
      select lp.name, (select count(*)::int from leaderboard_entries e where e.period = lp.id and e.metric = ${metric}) as total
      from leaderboard_periods lp where lp.id = ${storedPeriod(communityId, period)}`,
    );
    total = info?.total ?? 0;
    periodName = info?.name ?? null;
  }
  return {
    metric,
    period,
    periodName,
    order: METRICS[metric].order,
    threshold,
    total,
    rows: rows.map((r) => ({
      rank: r.rank,
      guid: r.guid,
      name: r.name ?? r.guid,
      value: r.value,
      rounds: r.rounds,
      minutes: r.minutes,
    })),
  };
}

export type RankOf =
  | {
      readonly ranked: true;
      readonly rank: number;
      readonly total: number;
      readonly value: number;
      readonly rounds: number;
      readonly minutes: number;
    }
  /** Not on the board: below the threshold (rounds/minutes say how far) or nothing to rank (zero, or no rounds). */
  | {
      readonly ranked: false;
      readonly total: number;
      readonly rounds: number;
      readonly minutes: number;
      readonly threshold: Threshold | null;
    };

/** A player's place on a leaderboard, or why they are not on it. */
export async function rankOf(
  db: Queryable,
  communityId: number,
  metric: MetricId,
  period: PeriodId,
  guid: string,
): Promise<RankOf> {
  const stored = storedPeriod(communityId, period);
  const rows = await rowsOf<{
    metric: string;
    rank: number;
    value: number;
    rounds: number;
    minutes: number;
    total: number;
  }>(
    db,
    sql`
    select e.metric, e.rank, e.value, e.rounds, e.minutes,
      (select count(*)::int from leaderboard_entries t where t.period = ${stored} and t.metric = ${metric}) as total
    from leaderboard_entries e where e.period = ${stored} and e.guid = ${guid} and e.metric in (${metric}, 'rounds')`,
  );
  const own = rows.find((r) => r.metric === metric);
  const activity = rows.find((r) => r.metric === 'rounds');
  const total = own?.total ?? activity?.total ?? 0;
  if (own)
    return {
      ranked: true,
      rank: own.rank,
      total,
      value: own.value,
      rounds: own.rounds,
      minutes: own.minutes,
    };
  const kind = periodKind(period);
  return {
    ranked: false,
    total,
    rounds: activity?.rounds ?? 0,
    minutes: activity?.minutes ?? 0,
    threshold: kind === null ? null : thresholdOf(metric, kind),
  };
}

export interface UnlockedAchievement {
  readonly achievement: Achievement;
  readonly unlockedAt: string;
  /** The unlocking round (null until the recompute ran again after a rebuild) and its file. */
  readonly roundId: number | null;
  readonly fileName: string;
  readonly map: string | null;
  readonly roundNumber: number;
}

/** A player's unlocked achievements in unlock order, and the ones still locked. */
export async function achievementsOf(
  db: Queryable,
  communityId: number,
  guid: string,
): Promise<{ unlocked: UnlockedAchievement[]; locked: Achievement[] }> {
  const rows = await rowsOf<{
    achievement: string;
    unlocked_at: string;
    round_id: number | null;
    file_name: string;
    map: string | null;
    round_number: number;
  }>(
    db,
    sql`
    select a.achievement, ${isoTime('a.unlocked_at')} as unlocked_at, a.round_id, f.file_name, r.map, a.round_number
    from player_achievements a join stats_files f on f.id = a.file_id left join rounds r on r.id = a.round_id
    where a.community_id = ${communityId} and a.guid = ${guid}`,
  );
  const byId = new Map(rows.map((r) => [r.achievement, r]));
  const unlocked = ACHIEVEMENTS.flatMap((achievement) => {
    const r = byId.get(achievement.id);
    return r
      ? [
          {
            achievement,
            unlockedAt: r.unlocked_at,
            roundId: r.round_id,
            fileName: r.file_name,
            map: r.map,
            roundNumber: r.round_number,
          },
        ]
      : [];
  }).sort((a, b) => (a.unlockedAt < b.unlockedAt ? -1 : a.unlockedAt > b.unlockedAt ? 1 : 0));
  return { unlocked, locked: ACHIEVEMENTS.filter((a) => !byId.has(a.id)) };
}

export interface SessionTeamsView {
  readonly players: {
    guid: string;
    name: string;
    team: TeamLabel;
    confidence: number;
    source: 'detected' | 'voice' | 'moderator';
    role: 'starter' | 'substitute' | 'joined';
    replaces: string | null;
    rounds: number;
  }[];
  readonly maps: {
    matchId: number;
    map: string;
    firstAttackers: TeamLabel | null;
    pointsA: number | null;
    pointsB: number | null;
    confidence: number;
  }[];
  readonly result: {
    mapsA: number;
    mapsB: number;
    drawn: number;
    pointsA: number;
    pointsB: number;
    winner: TeamLabel | null;
    confidence: number;
  } | null;
}

/** A session's two teams (players by team, then GUID), its maps with team points and its result. */
export async function sessionTeamsOf(
  db: Queryable,
  communityId: number,
  sessionId: number,
): Promise<SessionTeamsView> {
  const [own] = await rowsOf<{ id: number }>(
    db,
    sql`select s.id from gaming_sessions s where s.id = ${sessionId} and ${ofCommunity(communityId, 's')}`,
  );
  if (!own) return { players: [], maps: [], result: null };
  const players = await rowsOf<SessionTeamsView['players'][number]>(
    db,
    sql`
    select t.guid, ${shownName(sql`t.guid`, communityId)} as name, t.team, t.confidence, t.source, t.role, t.replaces, t.rounds
    from session_teams t where t.session_id = ${sessionId} order by t.team, t.guid`,
  );
  const maps = await rowsOf<SessionTeamsView['maps'][number]>(
    db,
    sql`
    select match_id as "matchId", map, first_attackers_team as "firstAttackers", team_a_points as "pointsA", team_b_points as "pointsB", confidence
    from session_maps where session_id = ${sessionId} order by play_order`,
  );
  const [result] = await rowsOf<NonNullable<SessionTeamsView['result']>>(
    db,
    sql`
    select team_a_maps as "mapsA", team_b_maps as "mapsB", drawn_maps as drawn, team_a_points as "pointsA", team_b_points as "pointsB", winner, confidence
    from session_results where session_id = ${sessionId}`,
  );
  return { players, maps, result: result ?? null };
}
