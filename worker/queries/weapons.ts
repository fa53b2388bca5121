import { type SQL, sql } from 'drizzle-orm';
import type { WeaponFigures } from '../../stats/fields.ts';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { rowsOf } from '../db/rows.ts';
import { humanWeaponRows, RANKED_ROUND, WEAPON_USED } from '../recompute/metrics.ts';
import { type Period, periodFilter } from './period.ts';

/*
 * Per-weapon figures for /weapons and /weapon (WeaponFigures: the file's five counters), humans only
 * (bots' weapon use says nothing about the community). `headshots` are headshot hits, as the files count them.
 */

export interface WeaponTotals extends WeaponFigures {
  weapon: number;
  /** Humans who fired it or killed with it. */
  players: number;
  /**
   * Rounds in which some human fired it or killed with it, each round once however many used it
   * (a round 2 is its own round: its stored figures are round 2's alone).
   */
  rounds: number;
}

export interface WeaponUser extends WeaponFigures {
  guid: string;
  /** The player's latest name. */
  name: string;
  /** Rounds in which the player fired it or killed with it. */
  rounds: number;
}

/** A player must have used the weapon in this many rounds to be ranked by accuracy with it. */
export const WEAPON_MIN_ROUNDS = 10;

const FIGURES = sql`sum(w.kills)::int as kills, sum(w.deaths)::int as deaths, sum(w.hits)::int as hits,
  sum(w.shots)::int as shots, sum(w.headshots)::int as headshots`;

/** Human weapon rows of the period (the community's rounds in its span), of ranked rounds only with `ranked`. */
function periodWeaponRows(period: Period, where: SQL, ranked: boolean): SQL {
  return humanWeaponRows(
    sql`${where} and ${periodFilter(period)} ${ranked ? sql`and ${RANKED_ROUND('r')}` : sql``}`,
  );
}

function totals(period: Period, where: SQL): SQL {
  return sql`select w.weapon::int as weapon, ${FIGURES}, (count(distinct w.guid) filter (where ${WEAPON_USED}))::int as players,
      (count(distinct w.round_id) filter (where ${WEAPON_USED}))::int as rounds
    ${periodWeaponRows(period, where, false)}
    group by w.weapon order by sum(w.kills) desc, sum(w.shots) desc, w.weapon`;
}

/** All time, with nothing narrowing it: the recompute's weapon tables answer it (worker/recompute/weapons.ts). */
const isAllTime = (period: Period) =>
  period.id === 'all' && !period.startsAt && !period.endsAt && period.sessionId === null;

/** What `totals` gives, all time, from the stored per-player sums and per-month round counts. */
function storedTotals(communityId: number, weapon: number | null): SQL {
  return sql`select t.weapon::int as weapon, sum(t.kills)::int as kills, sum(t.deaths)::int as deaths, sum(t.hits)::int as hits,
      sum(t.shots)::int as shots, sum(t.headshots)::int as headshots, (count(*) filter (where t.rounds > 0))::int as players,
      coalesce((select sum(m.rounds) from weapon_months m where m.community_id = ${communityId} and m.weapon = t.weapon), 0)::int as rounds
    from player_weapon_totals t where t.community_id = ${communityId} ${weapon === null ? sql`` : sql`and t.weapon = ${weapon}`}
    group by t.weapon order by sum(t.kills) desc, sum(t.shots) desc, t.weapon`;
}

/** Every weapon humans used in the period, most kills first. */
export async function weaponTotals(db: Queryable, period: Period): Promise<WeaponTotals[]> {
  return rowsOf<WeaponTotals>(
    db,
    isAllTime(period) ? storedTotals(period.communityId, null) : totals(period, sql`true`),
  );
}

export interface WeaponDetail {
  totals: WeaponTotals;
  /** Most kills with it (ranked rounds: humans outnumber bots). */
  best: WeaponUser[];
  /** Best accuracy among those with at least WEAPON_MIN_ROUNDS ranked rounds with it and a shot fired. */
  sharpest: WeaponUser[];
}

/** One weapon in the period; undefined when nobody used it. */
export async function weaponDetail(
  db: Queryable,
  weapon: number,
  period: Period,
  limit = 8,
): Promise<WeaponDetail | undefined> {
  const stored = isAllTime(period);
  const [found] = await rowsOf<WeaponTotals>(
    db,
    stored ? storedTotals(period.communityId, weapon) : totals(period, sql`w.weapon = ${weapon}`),
  );
  if (!found) return undefined;
  const users = await rowsOf<WeaponUser>(
    db,
    stored
      ? sql`
    select t.guid, ${shownName(sql`t.guid`, period.communityId)} as name, t.ranked_kills as kills, t.ranked_deaths as deaths, t.ranked_hits as hits,
      t.ranked_shots as shots, t.ranked_headshots as headshots, t.ranked_rounds as rounds
    from player_weapon_totals t where t.community_id = ${period.communityId} and t.weapon = ${weapon} and t.ranked_rounds > 0`
      : sql`
    select w.guid, ${shownName(sql`w.guid`, period.communityId)} as name, ${FIGURES}, (count(*) filter (where ${WEAPON_USED}))::int as rounds
    ${periodWeaponRows(period, sql`w.weapon = ${weapon}`, true)}
    group by w.guid`,
  );
  const best = users
    .filter((u) => u.kills > 0)
    .sort((a, b) => b.kills - a.kills || a.rounds - b.rounds || compare(a.guid, b.guid));
  const sharpest = users
    .filter((u) => u.rounds >= WEAPON_MIN_ROUNDS && u.shots > 0)
    .sort(
      (a, b) => b.hits / b.shots - a.hits / a.shots || b.shots - a.shots || compare(a.guid, b.guid),
    );
  return { totals: found, best: best.slice(0, limit), sharpest: sharpest.slice(0, limit) };
}

/** One player's figures per weapon in the period, most kills first. */
export async function playerWeapons(
  db: Queryable,
  guid: string,
  period: Period,
): Promise<(WeaponFigures & { weapon: number })[]> {
  return rowsOf<WeaponFigures & { weapon: number }>(
    db,
    sql`
    select w.weapon::int as weapon, ${FIGURES}
    from player_weapon_rounds w join rounds r on r.id = w.round_id
    where w.guid = ${guid} and ${periodFilter(period)}
    group by w.weapon order by sum(w.kills) desc, sum(w.shots) desc, w.weapon`,
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
