import { sql } from 'drizzle-orm';
import { WEAPON_NAMES, weaponLabel } from '../../stats/fields.ts';
import type { Queryable } from '../db/database.ts';
import { shownName } from './player-name.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { type Totals, totalsColumns, withMetrics } from './totals.ts';
import { ofCommunity, playedIn } from './communities.ts';
import { usedIn } from './links.ts';

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

/**
 * Players of the community whose GUID starts with, or any of whose names contains, `search`
 * (case-insensitive); `rounds` counts their rounds there.
 */
export async function searchPlayers(
  db: Queryable,
  communityId: number,
  search: string,
  limit = 25,
): Promise<PlayerSummary[]> {
  const text = search.trim();
  return rowsOf<PlayerSummary>(
    db,
    sql`
    select p.guid, ${shownName(sql`p.guid`)} as name, p.name_raw, p.bot, ${isoTime('p.first_seen_at')} as first_seen_at, ${isoTime('p.last_seen_at')} as last_seen_at,
      (select count(*)::int from player_rounds pr join rounds r on r.id = pr.round_id
        where pr.guid = p.guid and ${ofCommunity(communityId)}) as rounds
    from players p
    where ${playedIn(communityId, sql`p.guid`)} and (${
      text === ''
        ? sql`true`
        : sql`p.guid ilike ${`${escapeLike(text)}%`}
      or exists (select 1 from player_aliases a where a.guid = p.guid and a.name ilike ${likePattern(text)}
        and ${usedIn(communityId, sql`a`)})`
    })
    order by p.bot, p.last_seen_at desc, p.guid
    limit ${limit}`,
  );
}

/** Everything the API and /stats show of one player: totals, per map, per weapon, names used. */
export async function playerProfile(db: Queryable, communityId: number, guid: string) {
  const [player] = await rowsOf<Omit<PlayerSummary, 'rounds'>>(
    db,
    sql`
    select guid, ${shownName(sql`p.guid`)} as name, name_raw, bot, ${isoTime('first_seen_at')} as first_seen_at, ${isoTime('last_seen_at')} as last_seen_at from players p
    where guid = ${guid} and ${playedIn(communityId, sql`p.guid`)}`,
  );
  if (!player) return undefined;
  const [totals] = await rowsOf<Totals>(
    db,
    sql`select ${totalsColumns()} from player_rounds pr join rounds r on r.id = pr.round_id
    where pr.guid = ${guid} and ${ofCommunity(communityId)}`,
  );
  const perMap = await rowsOf<Totals & { map: string }>(
    db,
    sql`
    select r.map, ${totalsColumns()} from player_rounds pr join rounds r on r.id = pr.round_id
    where pr.guid = ${guid} and ${ofCommunity(communityId)} group by r.map order by count(*) desc, r.map`,
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
    select weapon, sum(w.hits)::int as hits, sum(w.shots)::int as shots, sum(w.kills)::int as kills,
      sum(w.deaths)::int as deaths, sum(w.headshots)::int as headshots
    from player_weapon_rounds w join rounds r on r.id = w.round_id
    where w.guid = ${guid} and ${ofCommunity(communityId)} group by weapon order by sum(w.kills) desc, weapon`,
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
    from player_aliases a where guid = ${guid} and ${usedIn(communityId, sql`a`)}
    order by a.first_seen_at, a.name_raw`,
  );
  return {
    ...player,
    totals: withMetrics(totals as Totals),
    maps: perMap.map(({ map, ...t }) => ({ map, ...withMetrics(t as Totals) })),
    weapons: perWeapon.map((w) => ({
      ...w,
      weapon: WEAPON_NAMES[w.weapon] ?? `WS_${w.weapon}`,
      name: weaponLabel(w.weapon),
      accuracy: w.shots > 0 ? Math.round((10000 * w.hits) / w.shots) / 100 : 0,
    })),
    aliases,
  };
}
