import { sql } from 'drizzle-orm';
import { WEAPON_NAMES } from '../../stats/fields.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { type Totals, totalsColumns, withMetrics } from './totals.ts';

/** Escapes `%`, `_` and `\` so a player's search text is matched literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
export const likePattern = (text: string) => `%${escapeLike(text)}%`;

export interface PlayerSummary {
  guid: string;
  name: string;
  name_raw: string;
  bot: boolean;
  first_seen_at: string;
  last_seen_at: string;
  rounds: number;
}

/** Players whose GUID starts with, or any of whose names contains, `search` (case-insensitive). */
export async function searchPlayers(
  db: Queryable,
  search: string,
  limit = 25,
): Promise<PlayerSummary[]> {
  const text = search.trim();
  return rowsOf<PlayerSummary>(
    db,
    sql`
    select p.guid, p.name, p.name_raw, p.bot, ${isoTime('p.first_seen_at')} as first_seen_at, ${isoTime('p.last_seen_at')} as last_seen_at,
      (select count(*)::int from player_rounds pr where pr.guid = p.guid) as rounds
    from players p
    where ${
      text === ''
        ? sql`true`
        : sql`p.guid ilike ${`${escapeLike(text)}%`}
      or exists (select 1 from player_aliases a where a.guid = p.guid and a.name ilike ${likePattern(text)})`
    }
    order by p.bot, p.last_seen_at desc, p.guid
    limit ${limit}`,
  );
}

/** Everything the API and /stats show of one player: totals, per map, per weapon, names used. */
export async function playerProfile(db: Queryable, guid: string) {
  const [player] = await rowsOf<Omit<PlayerSummary, 'rounds'>>(
    db,
    sql`
    select guid, name, name_raw, bot, ${isoTime('first_seen_at')} as first_seen_at, ${isoTime('last_seen_at')} as last_seen_at from players where guid = ${guid}`,
  );
  if (!player) return undefined;
  const [totals] = await rowsOf<Totals>(
    db,
    sql`select ${totalsColumns()} from player_rounds pr where pr.guid = ${guid}`,
  );
  const perMap = await rowsOf<Totals & { map: string }>(
    db,
    sql`
    select r.map, ${totalsColumns()} from player_rounds pr join rounds r on r.id = pr.round_id
    where pr.guid = ${guid} group by r.map order by count(*) desc, r.map`,
  );
  const perWeapon = await rowsOf<{
    weapon: number;
    hits: number;
    shots: number;
    kills: number;
    deaths: number;
    headshots: number;
  }>(
    db,
    sql`
    select weapon, sum(hits)::int as hits, sum(shots)::int as shots, sum(kills)::int as kills,
      sum(deaths)::int as deaths, sum(headshots)::int as headshots
    from player_weapon_rounds where guid = ${guid} group by weapon order by sum(kills) desc, weapon`,
  );
  const aliases = await rowsOf<{
    name: string;
    name_raw: string;
    first_seen_at: string;
    last_seen_at: string;
    rounds: number;
  }>(
    db,
    sql`
    select name, name_raw, ${isoTime('first_seen_at')} as first_seen_at, ${isoTime('last_seen_at')} as last_seen_at, rounds
    from player_aliases where guid = ${guid} order by player_aliases.first_seen_at, name_raw`,
  );
  return {
    ...player,
    totals: withMetrics(totals as Totals),
    maps: perMap.map(({ map, ...t }) => ({ map, ...withMetrics(t as Totals) })),
    weapons: perWeapon.map((w) => ({
      ...w,
      weapon: WEAPON_NAMES[w.weapon] ?? `WS_${w.weapon}`,
      accuracy: w.shots > 0 ? Math.round((10000 * w.hits) / w.shots) / 100 : 0,
    })),
    aliases,
  };
}
