import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { rowsOf } from '../db/rows.ts';
import {
  type MetricId,
  RANKED_ROUND,
  storedPeriod,
  type Threshold,
  thresholdOf,
} from '../recompute/metrics.ts';
import { ofCommunity } from './communities.ts';
import type { StoredSeason } from './period.ts';

/** The metrics `/season` shows the leaders of, in order. */
export const SEASON_METRICS: readonly MetricId[] = [
  'kills',
  'kd',
  'dpm',
  'accuracy',
  'revives',
  'objectives',
  'xp',
  'time',
];
export const SEASON_LEADERS = 3;

export interface SeasonStanding {
  readonly metric: MetricId;
  readonly threshold: Threshold | null;
  readonly leaders: readonly {
    readonly rank: number;
    readonly guid: string;
    readonly name: string;
    readonly value: number;
    readonly rounds: number;
  }[];
}

export interface SeasonOverview {
  readonly season: StoredSeason;
  /** Over: its standings are final and each board's first place is its champion. */
  readonly ended: boolean;
  /** Whole days until the season ends (the current day counts); null for an open-ended or ended season. */
  readonly daysLeft: number | null;
  readonly sessions: number;
  readonly rounds: number;
  /** Humans who played a ranked round in it. */
  readonly players: number;
  readonly standings: readonly SeasonStanding[];
}

const DAY_MS = 86_400_000;

/** Ended: its end is at or before `now` (an open-ended season never ends). */
export const hasEnded = (season: Pick<StoredSeason, 'endsAt'>, now: Date) =>
  season.endsAt !== null && Date.parse(season.endsAt) <= now.getTime();

/**
 * A season at `now` (running, or ended and final): its dates, activity and the top three of each
 * SEASON_METRICS board (one indexed read of the precomputed entries).
 */
export async function seasonOverview(
  db: Queryable,
  communityId: number,
  season: StoredSeason,
  now: Date,
): Promise<SeasonOverview> {
  const from = sql`${season.startsAt}::timestamptz`;
  const inSeason = sql`${ofCommunity(communityId)} and ${
    season.endsAt === null
      ? sql`r.ended_at >= ${from}`
      : sql`r.ended_at >= ${from} and r.ended_at < ${season.endsAt}::timestamptz`
  }`;
  const [activity] = await rowsOf<{ sessions: number; rounds: number; players: number }>(
    db,
    sql`
    select count(distinct r.session_id)::int as sessions, count(*)::int as rounds,
      (select count(distinct pr.guid)::int from player_rounds pr join rounds r on r.id = pr.round_id
       where not pr.bot and ${RANKED_ROUND('r')} and ${inSeason}) as players
    from rounds r where ${inSeason}`,
  );
  const entries = await rowsOf<{
    metric: MetricId;
    rank: number;
    guid: string;
    name: string | null;
    value: number;
    rounds: number;
  }>(
    db,
    sql`
    select e.metric, e.rank, e.guid, ${shownName(sql`e.guid`, communityId)} as name, e.value, e.rounds
    from leaderboard_entries e
    where e.period = ${storedPeriod(communityId, season.id)} and e.metric in ${SEASON_METRICS} and e.rank <= ${SEASON_LEADERS}
    order by e.metric, e.rank, e.guid`,
  );
  const standings = SEASON_METRICS.map((metric) => ({
    metric,
    threshold: thresholdOf(metric, 'season'),
    leaders: entries
      .filter((e) => e.metric === metric)
      .slice(0, SEASON_LEADERS)
      .map((e) => ({
        rank: e.rank,
        guid: e.guid,
        name: e.name ?? e.guid,
        value: e.value,
        rounds: e.rounds,
      })),
  }));
  const ended = hasEnded(season, now);
  const daysLeft =
    season.endsAt === null || ended
      ? null
      : Math.max(0, Math.ceil((Date.parse(season.endsAt) - now.getTime()) / DAY_MS));
  return {
    season,
    ended,
    daysLeft,
    sessions: activity?.sessions ?? 0,
    rounds: activity?.rounds ?? 0,
    players: activity?.players ?? 0,
    standings,
  };
}
