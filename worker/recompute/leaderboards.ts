import { type SQL, sql } from 'drizzle-orm';
import { lastDaysName, lastDaysWindow } from '../../stats/play-window.ts';
import type { Season } from '../../stats/seasons.ts';
import { leaderboardPeriods } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import {
  AGGREGATES,
  GRENADE_WEAPON,
  METRIC_VALUES,
  type PeriodId,
  type PeriodKind,
  RANKED_ROUND,
  rankOrder,
  seasonPeriod,
  sessionPeriod,
  storedPeriod,
  thresholdSql,
} from './metrics.ts';

/** A period as stored: sessions are ranked by membership, the others by when their rounds ended. */
export interface PeriodSpec {
  /** Whose rounds the period ranks. */
  readonly communityId: number;
  readonly id: PeriodId;
  readonly kind: PeriodKind;
  readonly name: string;
  readonly sessionId: number | null;
  readonly seasonKey: string | null;
  /** Rounds that ended in [startsAt, endsAt) count; null is open. */
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
}

export const allTimePeriod = (communityId: number): PeriodSpec => ({
  communityId,
  id: 'all',
  kind: 'all',
  name: 'All time',
  sessionId: null,
  seasonKey: null,
  startsAt: null,
  endsAt: null,
});

/**
 * The last 30 days up to `now` (open at the end: a round written a moment after `now` still counts), or,
 * when the community has not played in them, the 30 days up to its latest round (stats/play-window.ts),
 * named with that date.
 */
export const lastDaysPeriod = (
  communityId: number,
  now: Date,
  latestPlay: Date | null,
): PeriodSpec => {
  const window = lastDaysWindow(now, latestPlay);
  return {
    communityId,
    id: 'last30',
    kind: 'last30',
    name: lastDaysName(window),
    sessionId: null,
    seasonKey: null,
    startsAt: window.startsAt,
    endsAt: null,
  };
};

export const seasonPeriodSpec = (communityId: number, season: Season): PeriodSpec => ({
  communityId,
  id: seasonPeriod(season.key),
  kind: 'season',
  name: season.name,
  sessionId: null,
  seasonKey: season.key,
  startsAt: season.startsAt,
  endsAt: season.endsAt,
});

export const sessionPeriodSpec = (
  communityId: number,
  session: { id: number; startedAt: Date },
): PeriodSpec => ({
  communityId,
  id: sessionPeriod(session.id),
  kind: 'session',
  name: `Session ${session.id} (${session.startedAt.toISOString().slice(0, 10)})`,
  sessionId: session.id,
  seasonKey: null,
  startsAt: null,
  endsAt: null,
});

const CHUNK = 500;

/** Creates or updates the periods' rows (their entries are written by `rankPeriods`). */
export async function writePeriods(tx: Queryable, periods: readonly PeriodSpec[]) {
  for (let i = 0; i < periods.length; i += CHUNK) {
    const rows = periods
      .slice(i, i + CHUNK)
      .map((p) => ({ ...p, id: storedPeriod(p.communityId, p.id) }));
    await tx
      .insert(leaderboardPeriods)
      .values(rows)
      .onConflictDoUpdate({
        target: leaderboardPeriods.id,
        set: {
          name: sql`excluded.name`,
          startsAt: sql`excluded.starts_at`,
          endsAt: sql`excluded.ends_at`,
          seasonKey: sql`excluded.season_key`,
        },
      });
  }
}

const time = (d: Date | null) =>
  d === null ? sql`null::timestamptz` : sql`${d.toISOString()}::timestamptz`;

/** One ranked human player-round per row, with its grenade kills; `where` narrows it further. */
function rankedPlayerRounds(where: SQL): SQL {
  return sql`select pr.*, coalesce(w.kills, 0) as grenades, r.ended_at, r.session_id, g.community_id
    from player_rounds pr join rounds r on r.id = pr.round_id join game_servers g on g.id = r.server_id
    left join player_weapon_rounds w on w.round_id = pr.round_id and w.guid = pr.guid and w.weapon = ${GRENADE_WEAPON}
    where not pr.bot and ${RANKED_ROUND('r')} and ${where}`;
}

/** Inserts the entries of `a` (AGGREGATES per period and guid), ranked within what is inserted. */
function insertEntries(aggregated: SQL): SQL {
  return sql`insert into leaderboard_entries (period, metric, guid, rank, value, rounds, minutes)
    select a.period, m.metric, a.guid, rank() over (partition by a.period, m.metric order by ${rankOrder('m.metric', 'm.value')}), m.value, m.rounds, a.minutes
    from (${aggregated}) a cross join lateral ${METRIC_VALUES} where m.ranks`;
}

const guidFilter = (guids: readonly string[] | null) =>
  guids === null ? sql`true` : sql`pr.guid in ${guids}`;

async function rankTimePeriods(
  tx: Queryable,
  periods: readonly PeriodSpec[],
  guids: readonly string[] | null,
) {
  if (periods.length === 0) return;
  const values = sql.join(
    periods.map(
      (p) =>
        sql`(${storedPeriod(p.communityId, p.id)}, ${p.communityId}::int, ${p.kind}, ${time(p.startsAt)}, ${time(p.endsAt)})`,
    ),
    sql`, `,
  );
  // Bounds the scan by time when every period is bounded (the last 30 days reads a month, not all rounds).
  const starts = periods.map((p) => p.startsAt?.getTime() ?? null);
  const ends = periods.map((p) => p.endsAt?.getTime() ?? null);
  const from = starts.includes(null)
    ? sql`true`
    : sql`r.ended_at >= ${time(new Date(Math.min(...(starts as number[]))))}`;
  const to = ends.includes(null)
    ? sql`true`
    : sql`r.ended_at < ${time(new Date(Math.max(...(ends as number[]))))}`;
  const communities = [...new Set(periods.map((p) => p.communityId))];
  const whose = sql`g.community_id in ${communities}`;
  await tx.execute(sql`with p(id, community_id, kind, starts_at, ends_at) as (values ${values}),
    b as (${rankedPlayerRounds(sql`${guidFilter(guids)} and ${from} and ${to} and ${whose}`)})
    ${insertEntries(sql`select p.id as period, b.guid, ${AGGREGATES},
        ${thresholdSql('rounds', 'min(p.kind)')} as min_rounds, ${thresholdSql('minutes', 'min(p.kind)')} as min_minutes
      from p join b on b.community_id = p.community_id and (p.starts_at is null or b.ended_at >= p.starts_at) and (p.ends_at is null or b.ended_at < p.ends_at)
      group by p.id, b.guid`)}`);
}

async function rankSessionPeriods(
  tx: Queryable,
  sessionIds: readonly number[] | 'all',
  guids: readonly string[] | null,
) {
  if (sessionIds !== 'all' && sessionIds.length === 0) return;
  const which =
    sessionIds === 'all' ? sql`r.session_id is not null` : sql`r.session_id in ${sessionIds}`;
  await tx.execute(sql`with b as (${rankedPlayerRounds(sql`${which} and ${guidFilter(guids)}`)})
    ${insertEntries(sql`select b.community_id || ':session:' || b.session_id as period, b.guid, ${AGGREGATES},
        ${thresholdSql('rounds', "'session'")} as min_rounds, ${thresholdSql('minutes', "'session'")} as min_minutes
      from b group by b.community_id, b.session_id, b.guid`)}`);
}

async function rerank(tx: Queryable, periodIds: readonly string[]) {
  if (periodIds.length === 0) return;
  await tx.execute(sql`update leaderboard_entries e set rank = x.rank
    from (select period, metric, guid, rank() over (partition by period, metric order by ${rankOrder('metric', 'value')}) as rank
          from leaderboard_entries where period in ${periodIds}) x
    where e.period = x.period and e.metric = x.metric and e.guid = x.guid and e.rank <> x.rank`);
}

/**
 * Writes the entries of `periods` from the stored rounds. With `guids`, only those players' entries are
 * replaced and every rank in the periods is then recomputed (one new round moves others' ranks too);
 * with null the periods are rebuilt whole.
 */
export async function rankPeriods(
  tx: Queryable,
  periods: readonly PeriodSpec[],
  guids: readonly string[] | null,
) {
  if (periods.length === 0 || guids?.length === 0) return;
  const ids = periods.map((p) => storedPeriod(p.communityId, p.id));
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await tx.execute(
      sql`delete from leaderboard_entries where period in ${chunk} and ${guids === null ? sql`true` : sql`guid in ${guids}`}`,
    );
  }
  await rankTimePeriods(
    tx,
    periods.filter((p) => p.sessionId === null),
    guids,
  );
  const sessions = periods.flatMap((p) => (p.sessionId === null ? [] : [p.sessionId]));
  for (let i = 0; i < sessions.length; i += CHUNK)
    await rankSessionPeriods(tx, sessions.slice(i, i + CHUNK), guids);
  if (guids !== null) await rerank(tx, ids);
}

/** Every session's period, ranked in one statement (the full recompute). */
export async function rankAllSessions(tx: Queryable) {
  await rankSessionPeriods(tx, 'all', null);
}
