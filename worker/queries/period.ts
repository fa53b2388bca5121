import { type SQL, sql } from 'drizzle-orm';
import { currentSeason, QUARTERS, type SeasonConfig } from '../../stats/seasons.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';

/**
 * The time spans a player command can cover. `season` is the season running now (as the recompute stored
 * it; before any recompute, stats/seasons.ts calendar quarters), `30d` the last 30 days up to now, `session` the most
 * recent gaming session. Bounds match the recompute's leaderboard periods (worker/recompute/leaderboards.ts):
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

const DAY_MS = 86_400_000;
const LAST_DAYS = 30;

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
    case '30d':
      return {
        ok: true,
        period: {
          communityId,
          id: '30d',
          label: PERIOD_NAMES['30d'],
          startsAt: new Date(now.getTime() - LAST_DAYS * DAY_MS),
          endsAt: null,
          sessionId: null,
        },
      };
    case 'season': {
      const season = (await storedSeason(db, communityId, now)) ?? currentSeason(now, seasons);
      if (!season) return { ok: false, reason: 'No season has started yet.' };
      return {
        ok: true,
        period: {
          communityId,
          id: 'season',
          label: `${PERIOD_NAMES.season} (${season.name})`,
          startsAt: season.startsAt,
          endsAt: season.endsAt,
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

/**
 * The season the recompute stored as running at `now` (it writes the configured seasons), so /stats and
 * /top agree on the dates; null before any recompute, when the calendar rule applies.
 */
async function storedSeason(
  db: Queryable,
  communityId: number,
  now: Date,
): Promise<{ name: string; startsAt: Date; endsAt: Date | null } | null> {
  const at = now.toISOString();
  const [row] = await rowsOf<{ name: string; starts_at: string; ends_at: string | null }>(
    db,
    sql`
    select name, ${isoTime('starts_at')} as starts_at, ${isoTime('ends_at')} as ends_at from leaderboard_periods
    where community_id = ${communityId} and kind = 'season' and starts_at <= ${at}::timestamptz and (ends_at is null or ends_at > ${at}::timestamptz)
    order by starts_at desc limit 1`,
  );
  return row
    ? {
        name: row.name,
        startsAt: new Date(row.starts_at),
        endsAt: row.ends_at === null ? null : new Date(row.ends_at),
      }
    : null;
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
