import { type SQL, sql } from 'drizzle-orm';
import { stripColours } from '../../stats/decode.ts';
import type { Queryable } from '../db/database.ts';
import { seenIn, shownName } from '../db/scopes.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity, playedIn } from './communities.ts';

/**
 * Who a name, a GUID or a Discord user refers to: the lookups behind every `player` option, /whois and
 * /link. Names are matched colour codes stripped and case-insensitively, against every name a GUID used.
 */

export interface PlayerRef {
  readonly guid: string;
  /** The latest name, colour codes stripped. */
  readonly name: string;
  readonly bot: boolean;
}

export interface PlayerMatch extends PlayerRef {
  readonly last_seen_at: string;
  /** 0: the whole name or GUID; 1: its start; 2: part of a name. */
  readonly rank: 0 | 1 | 2;
  /** The name that matched when it is not the latest one (an alias), else null. */
  readonly alias: string | null;
  /** The typed text is the player's latest name, whole: it beats another player's former name. */
  readonly current: boolean;
}

/** What someone typed, as names are stored: colour codes stripped, trimmed, lower case. */
export const searchText = (typed: string) => stripColours(typed).trim().toLowerCase();

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Players whose GUID starts with `typed` or any of whose names contains it: humans first, then the whole
 * name or GUID, its start, part of it; among whole names, a player's latest name before another's former
 * one; then the most recently seen first. Empty text: the most recently seen.
 */
export async function findPlayers(
  db: Queryable,
  communityId: number,
  typed: string,
  limit = 25,
): Promise<PlayerMatch[]> {
  const text = searchText(typed);
  const guid = text.toUpperCase();
  const part = `%${escapeLike(text)}%`;
  const start = `${escapeLike(text)}%`;
  // A GUID is 8 hex digits: matching its start only from 4 characters keeps "a" from listing every A… GUID.
  const guidStart = text.length >= 4 ? `${escapeLike(guid)}%` : escapeLike(guid);
  return rowsOf<PlayerMatch>(
    db,
    sql`
    select p.guid, ${shownName(sql`p.guid`, communityId)} as name, p.bot, ${isoTime(seenIn('last_seen_at', sql`p.guid`, communityId))} as last_seen_at, m.rank,
      case when lower(m.alias) = lower(${shownName(sql`p.guid`, communityId)}) then null else m.alias end as alias,
      lower(${shownName(sql`p.guid`, communityId)}) = ${text} as current
    from (
      select a.guid,
        least(min(case when lower(a.name) = ${text} then 0 when lower(a.name) like ${start} then 1 when lower(a.name) like ${part} then 2 else 9 end),
          case when a.guid = ${guid} then 0 when a.guid like ${guidStart} then 1 else 9 end)::int as rank,
        (array_agg(a.name order by (lower(a.name) = ${text}) desc, (lower(a.name) like ${start}) desc, a.last_seen_at desc)
          filter (where lower(a.name) like ${part}))[1] as alias
      from player_aliases a
      where (lower(a.name) like ${part} or a.guid like ${guidStart}) and ${usedIn(communityId, sql`a`)}
      group by a.guid
    ) m join players p on p.guid = m.guid
    where m.rank < 9 and ${playedIn(communityId, sql`p.guid`)}
    order by p.bot, m.rank, lower(${shownName(sql`p.guid`, communityId)}) = ${text} desc, ${seenIn('last_seen_at', sql`p.guid`, communityId)} desc, p.guid
    limit ${limit}`,
  );
}

/** The player with exactly this GUID (any case), among those who played on the community's servers. */
export async function playerByGuid(
  db: Queryable,
  communityId: number,
  guid: string,
): Promise<PlayerRef | undefined> {
  // GUIDs are stored as the file writes them (upper-case hex in practice); both forms use the key.
  const [player] = await rowsOf<PlayerRef>(
    db,
    sql`
    select guid, ${shownName(sql`p.guid`, communityId)} as name, bot from players p
    where (guid = ${guid.trim().toUpperCase()} or guid = ${guid.trim()}) and ${playedIn(communityId, sql`p.guid`)}
    order by guid = ${guid.trim().toUpperCase()} desc limit 1`,
  );
  return player;
}

/** Every name each GUID used, oldest first. */
export async function namesOf(
  db: Queryable,
  communityId: number,
  guids: readonly string[],
): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (guids.length === 0) return names;
  const rows = await rowsOf<{ guid: string; names: string[] }>(
    db,
    sql`
    select guid, array_agg(name order by first_seen_at, name) as names
    from (select guid, name, min(first_seen_at) as first_seen_at from player_aliases a
      where guid in ${guids} and ${usedIn(communityId, sql`a`)} group by guid, name) a
    group by guid`,
  );
  for (const row of rows) names.set(row.guid, row.names);
  return names;
}

/** `true` for an alias (`a`) the GUID used in a round on one of the community's servers. */
export function usedIn(communityId: number, alias: SQL): SQL {
  return sql`exists (select 1 from player_rounds pr_u join rounds r_u on r_u.id = pr_u.round_id
    where pr_u.guid = ${alias}.guid and pr_u.name_raw = ${alias}.name_raw and ${ofCommunity(communityId, 'r_u')})`;
}

/** Rounds each GUID played in the community (orphan R2 files hold no per-round figures). */
export async function roundCounts(
  db: Queryable,
  communityId: number,
  guids: readonly string[],
): Promise<Map<string, number>> {
  if (guids.length === 0) return new Map();
  const rows = await rowsOf<{ guid: string; rounds: number }>(
    db,
    sql`
    select pr.guid, count(*)::int as rounds from player_rounds pr join rounds r on r.id = pr.round_id
    where pr.guid in ${guids} and ${ofCommunity(communityId)} group by pr.guid`,
  );
  return new Map(rows.map((row) => [row.guid, row.rounds]));
}

export interface Link extends PlayerRef {
  readonly user_id: string;
  readonly linked_at: string;
  readonly linked_by: string;
}

/** The player a Discord user linked to in the community, if any. */
export async function linkOfUser(
  db: Queryable,
  communityId: number,
  userId: string,
): Promise<Link | undefined> {
  const [link] = await rowsOf<Link>(
    db,
    sql`
    select l.user_id, l.guid, ${shownName(sql`l.guid`, communityId)} as name, p.bot, ${isoTime('l.linked_at')} as linked_at, l.linked_by
    from discord_links l join players p on p.guid = l.guid
    where l.community_id = ${communityId} and l.user_id = ${userId}`,
  );
  return link;
}

/** Which of these GUIDs some Discord user has linked to in the community. */
export async function linkedGuids(
  db: Queryable,
  communityId: number,
  guids: readonly string[],
): Promise<Set<string>> {
  if (guids.length === 0) return new Set();
  const rows = await rowsOf<{ guid: string }>(
    db,
    sql`select guid from discord_links where community_id = ${communityId} and guid in ${guids}`,
  );
  return new Set(rows.map((row) => row.guid));
}
