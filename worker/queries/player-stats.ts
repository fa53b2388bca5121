import { type SQL, sql } from 'drizzle-orm';
import type { WeaponFigures } from '../../stats/fields.ts';
import { damagePerMinute, killDeathRatio } from '../../stats/metrics.ts';
import type { Queryable } from '../db/database.ts';
import { seenIn, shownName } from '../db/scopes.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { RANKED_ROUND } from '../recompute/metrics.ts';
import { namesOf } from './links.ts';
import { type Period, periodFilter } from './period.ts';
import { ofCommunity, playedIn } from './communities.ts';
import { type Totals, totalsColumns, withMetrics } from './totals.ts';
import { playerWeapons } from './weapons.ts';

/** A player's totals over a period with the ratios (K/D, DPM, accuracy, efficiency, headshot %). */
export type PlayerTotals = ReturnType<typeof withMetrics>;

/** Maps (stopwatch) the player's group won 2–0, lost 0–2 or drew 1–1. */
export interface MapResults {
  won: number;
  lost: number;
  drawn: number;
}

export interface RecentRound {
  round_id: number;
  ended_at: string;
  map: string;
  round: 1 | 2;
  kills: number;
  deaths: number;
  damage_given: number;
  time_played_min: number;
}

/** One session's figures for a trend line (e.g. the player card's DPM over the last sessions). */
export interface SessionPoint {
  session_id: number;
  started_at: string;
  rounds: number;
  kills: number;
  deaths: number;
  damage_given: number;
  time_played_min: number;
  kd: number;
  dpm: number;
}

export interface PlayerStats {
  player: {
    guid: string;
    name: string;
    name_raw: string;
    bot: boolean;
    first_seen_at: string;
    last_seen_at: string;
  };
  period: Period;
  totals: PlayerTotals;
  results: MapResults;
  /** Most kills first. */
  weapons: (WeaponFigures & { weapon: number })[];
  /** Newest first. */
  recent: RecentRound[];
  /** Every name the GUID used, oldest first. */
  names: string[];
  /** Oldest first: the last sessions of the period the player played in. */
  trend: SessionPoint[];
}

/**
 * Which group a player was in on each complete map (stopwatch) of the period, with the map's points.
 * The group comes from the player's R1 side (attacking in R1 = first attackers); a player who only
 * played R2 is placed from that side (in R2 the first attackers defend). Spectators carry nothing.
 * `group` is 1 for the first attackers, -1 for the first defenders. Periods are matched on the R2.
 */
export function matchGroups(guid: string, period: Period): SQL {
  return sql`select m.id as match_id, m.map, m.first_attackers_points as fa_points, m.first_defenders_points as fd_points,
      (array_agg(case when (r.round = 1) = (pr.team = m.first_attackers_side) then 1 else -1 end order by r.round)
        filter (where pr.team in (1, 2)))[1] as "group"
    from player_rounds pr join rounds r on r.id = pr.round_id
    join matches m on m.id = r.match_id join rounds r2 on r2.id = m.round2_id
    where pr.guid = ${guid} and m.first_attackers_points is not null and ${periodFilter(period, 'r2')}
    group by m.id`;
}

/** A group's points on a map: 2 won, 1 drawn, 0 lost. */
export const pointsSql = (alias: string) =>
  sql.raw(`(case when ${alias}."group" = 1 then ${alias}.fa_points else ${alias}.fd_points end)`);

export async function mapResults(db: Queryable, guid: string, period: Period): Promise<MapResults> {
  const [row] = await rowsOf<MapResults>(
    db,
    sql`
    select (count(*) filter (where ${pointsSql('g')} = 2))::int as won, (count(*) filter (where ${pointsSql('g')} = 0))::int as lost,
      (count(*) filter (where ${pointsSql('g')} = 1))::int as drawn
    from (${matchGroups(guid, period)}) g where g."group" is not null`,
  );
  return row ?? { won: 0, lost: 0, drawn: 0 };
}

/** The player's totals over the period (all their rounds, bots' company or not). */
export async function playerTotals(
  db: Queryable,
  guid: string,
  period: Period,
): Promise<PlayerTotals> {
  const [totals] = await rowsOf<Totals>(
    db,
    sql`
    select ${totalsColumns()} from player_rounds pr join rounds r on r.id = pr.round_id where pr.guid = ${guid} and ${periodFilter(period)}`,
  );
  return withMetrics(totals as Totals);
}

/** Everything /stats shows of one player over a period; undefined for an unknown GUID. */
export async function playerStats(
  db: Queryable,
  guid: string,
  period: Period,
  options: { recent?: number; sessions?: number } = {},
): Promise<PlayerStats | undefined> {
  const [player] = await rowsOf<PlayerStats['player']>(
    db,
    sql`
    select guid, ${shownName(sql`p.guid`, period.communityId)} as name, ${seenIn('name_raw', sql`p.guid`, period.communityId)} as name_raw, bot,
      ${isoTime(seenIn('first_seen_at', sql`p.guid`, period.communityId))} as first_seen_at, ${isoTime(seenIn('last_seen_at', sql`p.guid`, period.communityId))} as last_seen_at
    from players p where guid = ${guid} and ${playedIn(period.communityId, sql`p.guid`)}`,
  );
  if (!player) return undefined;
  const [totals, results, weapons, names] = [
    await playerTotals(db, guid, period),
    await mapResults(db, guid, period),
    await playerWeapons(db, guid, period),
    await namesOf(db, period.communityId, [guid]),
  ];
  const recent = await rowsOf<RecentRound>(
    db,
    sql`
    select r.id as round_id, ${isoTime('r.ended_at')} as ended_at, r.map, r.round, pr.kills, pr.deaths, pr.damage_given, pr.time_played_min
    from player_rounds pr join rounds r on r.id = pr.round_id where pr.guid = ${guid} and ${periodFilter(period)}
    order by r.ended_at desc, r.id desc limit ${options.recent ?? 5}`,
  );
  const sessions = await rowsOf<Omit<SessionPoint, 'kd' | 'dpm'>>(
    db,
    sql`
    select r.session_id, ${isoTime('min(r.started_at)')} as started_at, count(*)::int as rounds, sum(pr.kills)::int as kills,
      sum(pr.deaths)::int as deaths, sum(pr.damage_given)::int as damage_given, round(sum(pr.time_played_min)::numeric, 1)::float8 as time_played_min
    from player_rounds pr join rounds r on r.id = pr.round_id
    where pr.guid = ${guid} and r.session_id is not null and ${periodFilter(period)}
    group by r.session_id order by min(r.started_at) desc limit ${options.sessions ?? 10}`,
  );
  const trend = sessions.reverse().map((s) => {
    const inputs = { ...s, hits: 0, shots: 0, headshot_hits: 0 };
    return { ...s, kd: round2(killDeathRatio(inputs)), dpm: round2(damagePerMinute(inputs)) };
  });
  return { player, period, totals, results, weapons, recent, names: names.get(guid) ?? [], trend };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export interface RankedRound {
  round_id: number;
  ended_at: string;
  map: string;
  kills: number;
  deaths: number;
}

/**
 * A player's ranked rounds in play order: the rounds achievements count (worker/recompute/metrics.ts:
 * the player is human and humans outnumber bots in the round).
 */
export async function rankedRounds(
  db: Queryable,
  communityId: number,
  guid: string,
): Promise<RankedRound[]> {
  return rowsOf<RankedRound>(
    db,
    sql`
    select r.id as round_id, ${isoTime('r.ended_at')} as ended_at, r.map, pr.kills, pr.deaths
    from player_rounds pr join rounds r on r.id = pr.round_id
    where pr.guid = ${guid} and not pr.bot and ${RANKED_ROUND('r')} and ${ofCommunity(communityId)}
    order by r.ended_at, r.id`,
  );
}
