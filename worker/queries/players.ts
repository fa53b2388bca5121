import { sql } from 'drizzle-orm';
import { WEAPON_NAMES, weaponLabel } from '../../stats/fields.ts';
import type { Queryable } from '../db/database.ts';
import { seenIn, shownName } from '../db/scopes.ts';
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
    select p.guid, ${shownName(sql`p.guid`, communityId)} as name, ${seenIn('name_raw', sql`p.guid`, communityId)} as name_raw, p.bot,
      ${isoTime(seenIn('first_seen_at', sql`p.guid`, communityId))} as first_seen_at, ${isoTime(seenIn('last_seen_at', sql`p.guid`, communityId))} as last_seen_at,
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
    order by p.bot, ${seenIn('last_seen_at', sql`p.guid`, communityId)} desc, p.guid
    limit ${limit}`,
  );
}

/** Everything the API and /stats show of one player: totals, per map, per weapon, names used. */
export async function playerProfile(db: Queryable, communityId: number, guid: string) {
  const [player] = await rowsOf<Omit<PlayerSummary, 'rounds'>>(
    db,
    sql`
    select guid, ${shownName(sql`p.guid`, communityId)} as name, ${seenIn('name_raw', sql`p.guid`, communityId)} as name_raw, bot,
      ${isoTime(seenIn('first_seen_at', sql`p.guid`, communityId))} as first_seen_at, ${isoTime(seenIn('last_seen_at', sql`p.guid`, communityId))} as last_seen_at from players p
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

/** Which players `/players` lists: everyone, those linked to a Discord user or not, those active lately. */
export const PLAYER_FILTERS = ['all', 'linked', 'unlinked', 'active'] as const;
export type PlayerFilter = (typeof PLAYER_FILTERS)[number];

/** `active`: played a round in the community within this many days (as `/top period:30d`). */
export const ACTIVE_DAYS = 30;

export interface ListedPlayer {
  readonly guid: string;
  readonly name: string;
  readonly rounds: number;
  /** Their latest round in the community. */
  readonly last_played_at: string;
  /** The Discord user linked to them in the community, if any. */
  readonly user_id: string | null;
}

/**
 * One page of the community's human players (bots are never listed), most recently played first: the
 * `filter`'s players only. `total` counts every player the filter lets through.
 */
export async function playerList(
  db: Queryable,
  communityId: number,
  options: { filter: PlayerFilter; page: number; pageSize: number; now: Date },
): Promise<{ players: ListedPlayer[]; total: number }> {
  const { filter, page, pageSize, now } = options;
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000);
  const which = {
    all: sql`true`,
    linked: sql`l.user_id is not null`,
    unlinked: sql`l.user_id is null`,
    active: sql`m.last_played >= ${since.toISOString()}::timestamptz`,
  }[filter];
  const listed = sql`
    with mine as (
      select pr.guid, count(*)::int as rounds, max(r.ended_at) as last_played
      from player_rounds pr join rounds r on r.id = pr.round_id
      where ${ofCommunity(communityId)} and not pr.bot group by pr.guid)
    select m.guid, m.rounds, m.last_played, l.user_id
    from mine m join players p on p.guid = m.guid
    left join discord_links l on l.guid = m.guid and l.community_id = ${communityId}
    where not p.bot and ${which}`;
  // One read gives the page and the count; only a page past the end (no rows to carry it) counts apart.
  const rows = await rowsOf<ListedPlayer & { total: number }>(
    db,
    sql`
    select x.guid, ${shownName(sql`x.guid`, communityId)} as name, x.rounds, ${isoTime('x.last_played')} as last_played_at, x.user_id,
      count(*) over ()::int as total
    from (${listed}) x order by x.last_played desc, x.guid
    limit ${pageSize} offset ${page * pageSize}`,
  );
  const players = rows.map(({ total: _, ...player }) => player);
  if (rows.length > 0) return { players, total: rows[0]?.total ?? 0 };
  const [count] = await rowsOf<{ total: number }>(
    db,
    sql`select count(*)::int as total from (${listed}) x`,
  );
  return { players, total: count?.total ?? 0 };
}
