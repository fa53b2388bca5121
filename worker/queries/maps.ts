import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { RANKED_ROUND } from '../recompute/metrics.ts';
import { type Period, periodFilter } from './period.ts';
import { ofCommunity } from './communities.ts';
import { type Totals, totalsColumns, withMetrics } from './totals.ts';

/**
 * Maps as /maps and /map show them. Every readable round counts, orphan R2s included (their header says
 * who won; only their player figures are unusable). A play is one R1, or an orphan R2 whose R1 is missing.
 */
export interface MapSummary {
  map: string;
  rounds: number;
  plays: number;
  /** Rounds the attackers won (completed the objective in time). */
  attack_wins: number;
  r1_rounds: number;
  r1_attack_wins: number;
  r2_rounds: number;
  r2_attack_wins: number;
  /** Rounds the header says Axis (1) or Allies (2) won (for the map chart). */
  axis_wins: number;
  allies_wins: number;
  average_duration_s: number;
  last_played_at: string;
}

const SUMMARY_COLUMNS = sql`r.map, count(*)::int as rounds,
  (count(*) filter (where r.round = 1 or r.orphan))::int as plays,
  (count(*) filter (where r.attackers_won))::int as attack_wins,
  (count(*) filter (where r.round = 1))::int as r1_rounds,
  (count(*) filter (where r.round = 1 and r.attackers_won))::int as r1_attack_wins,
  (count(*) filter (where r.round = 2))::int as r2_rounds,
  (count(*) filter (where r.round = 2 and r.attackers_won))::int as r2_attack_wins,
  (count(*) filter (where r.winner = 1))::int as axis_wins,
  (count(*) filter (where r.winner = 2))::int as allies_wins,
  round(avg(r.duration_s))::int as average_duration_s,
  ${isoTime('max(r.ended_at)')} as last_played_at`;

/** Every map played in the period, most played first. */
export async function mapsOverview(db: Queryable, period: Period): Promise<MapSummary[]> {
  return rowsOf<MapSummary>(
    db,
    sql`select ${SUMMARY_COLUMNS} from rounds r where ${periodFilter(period)}
    group by r.map order by count(*) filter (where r.round = 1 or r.orphan) desc, count(*) desc, r.map`,
  );
}

/** Map names containing `typed` (starting with it first), most played first: for autocomplete. */
export async function mapNames(
  db: Queryable,
  communityId: number,
  typed: string,
  limit = 25,
): Promise<{ map: string; rounds: number }[]> {
  const text = typed
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return rowsOf<{ map: string; rounds: number }>(
    db,
    sql`
    select map, count(*)::int as rounds from rounds r
    where ${ofCommunity(communityId)} and lower(map) like ${`%${text}%`}
    group by map order by (lower(map) like ${`${text}%`}) desc, count(*) desc, map limit ${limit}`,
  );
}

/** Players on a map need this many rounds there (in the period) to be listed among its best. */
export const MAP_MIN_ROUNDS = 4;

export interface MapPlay {
  match_id: number;
  started_at: string;
  /** Stopwatch points of the group that attacked first and of the other; null while R2 is missing. */
  first_attackers_points: number | null;
  first_defenders_points: number | null;
  r1_duration_s: number;
  r1_attackers_won: boolean;
  /** Round 1's time limit: what a held round 1 lasted. */
  r1_time_limit_s: number;
  /** Round 2's length and outcome; null while R2 is missing. Its limit is the time round 1 set. */
  r2_duration_s: number | null;
  r2_attackers_won: boolean | null;
  r2_time_limit_s: number | null;
}

export type MapPlayer = ReturnType<typeof withMetrics> & { guid: string; name: string };

export interface MapDetail extends MapSummary {
  /** Complete plays (R1 and R2) and how they ended between the two groups. */
  complete_plays: number;
  first_attackers_won: number;
  first_defenders_won: number;
  drawn: number;
  /** Quickest round the attackers completed, in seconds; null when they never did. */
  fastest_attack_s: number | null;
  /** Humans with at least MAP_MIN_ROUNDS ranked rounds here, best DPM first. */
  best_players: MapPlayer[];
  recent_plays: MapPlay[];
}

/** One map in the period: its summary, stopwatch results, best players and latest plays. Undefined if never played. */
export async function mapDetail(
  db: Queryable,
  map: string,
  period: Period,
  players = 5,
  plays = 5,
): Promise<MapDetail | undefined> {
  const where = sql`r.map = ${map} and ${periodFilter(period)}`;
  const [summary] = await rowsOf<MapSummary & { fastest_attack_s: number | null }>(
    db,
    sql`
    select ${SUMMARY_COLUMNS}, min(r.duration_s) filter (where r.attackers_won) as fastest_attack_s
    from rounds r where ${where} group by r.map`,
  );
  if (!summary) return undefined;
  const [results] = await rowsOf<{
    complete_plays: number;
    first_attackers_won: number;
    first_defenders_won: number;
    drawn: number;
  }>(
    db,
    sql`
    select count(*)::int as complete_plays,
      (count(*) filter (where m.first_attackers_points = 2))::int as first_attackers_won,
      (count(*) filter (where m.first_defenders_points = 2))::int as first_defenders_won,
      (count(*) filter (where m.first_attackers_points = 1))::int as drawn
    from matches m join rounds r on r.id = m.round2_id where m.first_attackers_points is not null and ${where}`,
  );
  const best = await rowsOf<Totals & { guid: string; name: string }>(
    db,
    sql`
    select pr.guid, ${shownName(sql`pr.guid`, period.communityId)} as name, ${totalsColumns()}
    from player_rounds pr join rounds r on r.id = pr.round_id
    where ${where} and not pr.bot and ${RANKED_ROUND('r')}
    group by pr.guid having count(*) >= ${MAP_MIN_ROUNDS}
    order by sum(pr.damage_given) / nullif(sum(pr.time_played_min), 0) desc nulls last, pr.guid limit ${players}`,
  );
  const recent = await rowsOf<MapPlay>(
    db,
    sql`
    select m.id as match_id, ${isoTime('m.started_at')} as started_at, m.first_attackers_points, m.first_defenders_points,
      r.duration_s as r1_duration_s, r.attackers_won as r1_attackers_won, r.time_limit_s as r1_time_limit_s,
      r2.duration_s as r2_duration_s, r2.attackers_won as r2_attackers_won, r2.time_limit_s as r2_time_limit_s
    from matches m join rounds r on r.id = m.round1_id left join rounds r2 on r2.id = m.round2_id
    where ${where} order by m.started_at desc limit ${plays}`,
  );
  return {
    ...summary,
    ...(results ?? { complete_plays: 0, first_attackers_won: 0, first_defenders_won: 0, drawn: 0 }),
    best_players: best.map(({ guid, name, ...t }) => ({ guid, name, ...withMetrics(t as Totals) })),
    recent_plays: recent,
  };
}
