import { shownName } from '../db/scopes.ts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { type MetricId, seasonPeriod, storedPeriod } from '../recompute/metrics.ts';
import { ofCommunity } from './communities.ts';
import type { StoredSeason } from './period.ts';
import { SEASON_METRICS } from './season.ts';

/** A season the recompute stored that holds at least one of the community's rounds. */
export interface SeasonWithData extends StoredSeason {
  /** Its place among the community's seasons with data, 1 for the oldest. */
  readonly number: number;
  readonly rounds: number;
}

/**
 * The community's seasons with data, oldest first (one read of the stored season periods). Each count is
 * a range of the rounds' end-time index: an open end is `infinity`, not an `or`, which would scan from
 * the season's start to the last round for every season.
 */
export async function seasonsWithData(
  db: Queryable,
  communityId: number,
): Promise<SeasonWithData[]> {
  const rows = await rowsOf<{
    season_key: string;
    name: string;
    starts_at: string;
    ends_at: string | null;
    rounds: number;
  }>(
    db,
    sql`
    select lp.season_key, lp.name, ${isoTime('lp.starts_at')} as starts_at, ${isoTime('lp.ends_at')} as ends_at,
      (select count(*)::int from rounds r where ${ofCommunity(communityId)}
        and r.ended_at >= lp.starts_at and r.ended_at < coalesce(lp.ends_at, 'infinity')) as rounds
    from leaderboard_periods lp
    where lp.community_id = ${communityId} and lp.kind = 'season'
    order by lp.starts_at`,
  );
  return rows
    .filter((row) => row.rounds > 0)
    .map((row, i) => ({
      id: seasonPeriod(row.season_key),
      key: row.season_key,
      name: row.name,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      computed: true,
      fallback: false,
      number: i + 1,
      rounds: row.rounds,
    }));
}

/**
 * The season a typed text names: its start date (`2025-07-01`, what autocomplete sends), its name in any
 * case (`2025 q3`, `Season 2`), or its number among the seasons with data (`2`, `#2`; 1 is the oldest).
 * A name wins over a number, so with `starts:` seasons `2` is "Season 2".
 */
export function findSeason(
  seasons: readonly SeasonWithData[],
  typed: string,
): SeasonWithData | null {
  const text = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return null;
  const byKey = seasons.find((s) => s.key === text);
  if (byKey) return byKey;
  const byName = seasons.find(
    (s) => s.name.toLowerCase() === text || s.name.toLowerCase() === `season ${text}`,
  );
  if (byName) return byName;
  const number = /^#?(\d{1,4})$/.exec(text);
  return number ? (seasons.find((s) => s.number === Number(number[1])) ?? null) : null;
}

export interface Title {
  readonly guid: string;
  readonly name: string;
  /** Season names won, oldest first. */
  readonly seasons: readonly string[];
}

/** Per board of SEASON_METRICS: who won titles, most titles first (then the latest title first). */
export type AllTimeChampions = Readonly<Record<MetricId, readonly Title[]>>;

/**
 * The champions of every ended season: first place (ties share it) on each SEASON_METRICS board as the
 * season ended, counted per player. A running season's leader holds no title yet.
 */
export async function allTimeChampions(
  db: Queryable,
  communityId: number,
  ended: readonly SeasonWithData[],
): Promise<AllTimeChampions> {
  const champions = Object.fromEntries(SEASON_METRICS.map((m) => [m, [] as Title[]])) as Record<
    MetricId,
    Title[]
  >;
  if (ended.length === 0) return champions;
  const order = new Map(ended.map((s, i) => [storedPeriod(communityId, s.id), i]));
  const rows = await rowsOf<{
    period: string;
    metric: MetricId;
    guid: string;
    name: string | null;
  }>(
    db,
    sql`
    select e.period, e.metric, e.guid, ${shownName(sql`e.guid`, communityId)} as name from leaderboard_entries e
    where e.period in ${[...order.keys()]} and e.metric in ${SEASON_METRICS} and e.rank = 1
    order by e.metric, e.guid`,
  );
  for (const metric of SEASON_METRICS) {
    const won = new Map<string, { name: string; wins: number[] }>();
    for (const row of rows.filter((r) => r.metric === metric)) {
      const title = won.get(row.guid) ?? { name: row.name ?? row.guid, wins: [] };
      title.wins.push(order.get(row.period) ?? 0);
      won.set(row.guid, title);
    }
    champions[metric] = [...won]
      .map(([guid, t]) => ({ guid, name: t.name, wins: t.wins.sort((a, b) => a - b) }))
      .sort(
        (a, b) =>
          b.wins.length - a.wins.length ||
          Math.max(...b.wins) - Math.max(...a.wins) ||
          a.guid.localeCompare(b.guid),
      )
      .map((t) => ({
        guid: t.guid,
        name: t.name,
        seasons: t.wins.map((i) => (ended[i] as SeasonWithData).name),
      }));
  }
  return champions;
}
