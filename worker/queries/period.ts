import { type SQL, sql } from 'drizzle-orm';
import { lastDaysName, lastDaysWindow } from '../../stats/play-window.ts';
import { QUARTERS, type SeasonConfig, seasonShown } from '../../stats/seasons.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { type PeriodId as BoardPeriodId, seasonPeriod } from '../recompute/metrics.ts';
import { latestPlayOf } from '../db/scopes.ts';
import { ofCommunity } from './communities.ts';

/**
 * The time spans a player command can cover. `season` is the season running now (as the recompute stored
 * it; before any recompute, the SEASONS setting's), or the latest season with data while nobody has played
 * in the running one; `30d` the last 30 days up to now, or the 30 days up to the latest round when there
 * was none in them (stats/play-window.ts); `session` the most recent gaming session. Bounds match the recompute's leaderboard periods (worker/recompute/leaderboards.ts):
 * a round counts when it ended in [startsAt, endsAt).
 */
export const PERIOD_IDS = ['all', 'season', '30d', 'session'] as const;
export type PeriodId = (typeof PERIOD_IDS)[number];

export const PERIOD_NAMES: Readonly<Record<PeriodId, string>> = {
  all: 'All time',
  season: 'This season',
  '30d': 'Last 30 days',
  session: 'Last session',
};

export interface Period {
  /** Whose rounds: a period is always one community's. */
  readonly communityId: number;
  readonly id: PeriodId;
  /** For people: "All time", "This season (2025 Q4)", "Last 30 days", "Last session (#12, 2025-10-02)", as /top prints them. */
  readonly label: string;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  /** Set for `session`: rounds belong by membership, not by time. */
  readonly sessionId: number | null;
}

/** All of a community's rounds. */
export const allTime = (communityId: number): Period => ({
  communityId,
  id: 'all',
  label: PERIOD_NAMES.all,
  startsAt: null,
  endsAt: null,
  sessionId: null,
});

export const isPeriodId = (value: string): value is PeriodId =>
  (PERIOD_IDS as readonly string[]).includes(value);

/**
 * The period a command option names (absent: all time). An error value when the id is unknown or the
 * period holds nothing to show (no session yet; before the first season of an explicit list).
 */
export async function resolvePeriod(
  db: Queryable,
  communityId: number,
  id: string | undefined,
  now: Date,
  seasons: SeasonConfig = QUARTERS,
): Promise<{ ok: true; period: Period } | { ok: false; reason: string }> {
  const wanted = id ?? 'all';
  if (!isPeriodId(wanted))
    return {
      ok: false,
      reason: `"${wanted.slice(0, 20)}" is not a period: use ${PERIOD_IDS.join(', ')}.`,
    };
  switch (wanted) {
    case 'all':
      return { ok: true, period: allTime(communityId) };
    case '30d': {
      const window = lastDaysWindow(now, await latestPlayOf(db, communityId));
      return {
        ok: true,
        period: {
          communityId,
          id: '30d',
          label: lastDaysName(window),
          startsAt: window.startsAt,
          endsAt: null,
          sessionId: null,
        },
      };
    }
    case 'season': {
      const season = await seasonAt(db, communityId, now, seasons);
      if (!season) return { ok: false, reason: 'No season has started yet.' };
      return {
        ok: true,
        period: {
          communityId,
          id: 'season',
          label: seasonLabel(season),
          startsAt: new Date(season.startsAt),
          endsAt: season.endsAt === null ? null : new Date(season.endsAt),
          sessionId: null,
        },
      };
    }
    case 'session': {
      const [last] = await rowsOf<{ id: number; day: string }>(
        db,
        sql`
        select id, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD') as day from gaming_sessions s
        where ${ofCommunity(communityId, 's')} order by started_at desc, id desc limit 1`,
      );
      if (!last) return { ok: false, reason: 'No session has been played yet.' };
      return {
        ok: true,
        period: {
          communityId,
          id: 'session',
          label: `${PERIOD_NAMES.session} (#${last.id}, ${last.day})`,
          startsAt: null,
          endsAt: null,
          sessionId: last.id,
        },
      };
    }
  }
}

export interface StoredSeason {
  readonly id: BoardPeriodId;
  readonly key: string;
  readonly name: string;
  readonly startsAt: string;
  /** Exclusive; null for an open-ended season. */
  readonly endsAt: string | null;
  /** False when the recompute has not written this season yet (its board is then empty). */
  readonly computed: boolean;
  /** True when nobody has played in the running season and this is the latest season with data. */
  readonly fallback: boolean;
}

/** How a period label names the season "this season" resolved to. */
export const seasonLabel = (season: Pick<StoredSeason, 'name' | 'fallback'>) =>
  season.fallback
    ? `Latest season with data (${season.name})`
    : `${PERIOD_NAMES.season} (${season.name})`;

/**
 * The season "this season" means at `now` (stats/seasons.ts `seasonShown`: the running one, or the latest
 * with data while nobody has played in the running one), as the recompute stored it, so /stats, /top and
 * /season agree with the boards even while a changed SEASONS setting waits for the next recompute;
 * before any recompute, the season the setting gives.
 */
export async function seasonAt(
  db: Queryable,
  communityId: number,
  now: Date,
  seasons: SeasonConfig = QUARTERS,
): Promise<StoredSeason | null> {
  const latest = await latestPlayOf(db, communityId);
  const shown = seasonShown(now, latest, seasons);
  if (!shown) return null;
  const at = (shown.fallback && latest ? latest : now).toISOString();
  const [row] = await rowsOf<{
    season_key: string;
    name: string;
    starts_at: string;
    ends_at: string | null;
  }>(
    db,
    sql`
    select season_key, name, ${isoTime('starts_at')} as starts_at, ${isoTime('ends_at')} as ends_at from leaderboard_periods
    where community_id = ${communityId} and kind = 'season' and starts_at <= ${at}::timestamptz and (ends_at is null or ends_at > ${at}::timestamptz)
    order by starts_at desc limit 1`,
  );
  if (row)
    return {
      id: seasonPeriod(row.season_key),
      key: row.season_key,
      name: row.name,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      computed: true,
      fallback: shown.fallback,
    };
  const { season } = shown;
  return {
    id: seasonPeriod(season.key),
    key: season.key,
    name: season.name,
    startsAt: season.startsAt.toISOString(),
    endsAt: season.endsAt?.toISOString() ?? null,
    computed: false,
    fallback: shown.fallback,
  };
}

/** The condition on a `rounds` alias that keeps the period's rounds: its community's, in its span. */
export function periodFilter(period: Period, alias = 'r'): SQL {
  const parts: SQL[] = [ofCommunity(period.communityId, alias)];
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  if (period.sessionId !== null) parts.push(sql`${column('session_id')} = ${period.sessionId}`);
  if (period.startsAt)
    parts.push(sql`${column('ended_at')} >= ${period.startsAt.toISOString()}::timestamptz`);
  if (period.endsAt)
    parts.push(sql`${column('ended_at')} < ${period.endsAt.toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}
