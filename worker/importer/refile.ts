import { sql } from 'drizzle-orm';
import { wallClockToEpochMs } from '../../stats/clock.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { mapPlaysAround } from './chain.ts';
import { ownAll } from './guid-owners.ts';
import { rederiveMapPlays } from './rederive.ts';

const FILE_BATCH = 200;
const textArray = (values: Iterable<string>) => `{${[...new Set(values)].join(',')}}`;

/**
 * A round that ended earlier than the first round of a prefix's owner arrived (an agent's backfill, a
 * late upload): its GUID owns the prefix now. Every stored stats.lua round of the community naming a
 * GUID with that prefix (and its partner, whose figures come from both) is derived again from its raw
 * JSON under the new owners, and the names and first/last seen of those GUIDs are worked out again from
 * every stored file naming them, as `rebuild` would store them. Returns the rounds derived again.
 */
export async function refileChangedOwners(
  tx: Queryable,
  serverId: number,
  prefixes: readonly string[],
  mergedPlayers: boolean,
): Promise<number[]> {
  if (prefixes.length === 0) return [];
  const community = sql`(select community_id from game_servers where id = ${serverId})`;
  const inCommunity = sql`g.prefix = any(${textArray(prefixes)}::text[])
    and g.server_id in (select id from game_servers where community_id = ${community})`;
  const guids = [
    ...prefixes,
    ...(
      await rowsOf<{ guid: string }>(
        tx,
        sql`select distinct g.guid from stats_lua_guids g where ${inCommunity}`,
      )
    ).map((r) => r.guid),
  ];
  // Rows are about to name GUIDs that may have none yet: placeholders, set from their sightings below.
  await tx.execute(sql`insert into players (guid, name, name_raw, bot, first_seen_at, last_seen_at)
    select guid, guid, guid, false, 'infinity', '-infinity' from unnest(${textArray(guids)}::text[]) guid
    on conflict (guid) do nothing`);
  const affected = await rowsOf<{ id: number; server_id: number; map: string; ended_ms: number }>(
    tx,
    sql`select distinct r.id, r.server_id, r.map, (extract(epoch from r.ended_at) * 1000)::float8 as ended_ms
      from stats_lua_guids g join rounds r on r.file_id = g.file_id where ${inCommunity} order by r.id`,
  );
  const ids = new Set(affected.map((r) => r.id));
  const done = new Set<number>();
  for (const r of affected) {
    if (done.has(r.id)) continue;
    const chain = await mapPlaysAround(tx, r.server_id, r.map, Number(r.ended_ms), {
      withFiles: true,
    });
    const fresh = chain
      .filter((c) => ids.has(c.id) || (c.storedPartner !== null && ids.has(c.storedPartner)))
      .map((c) => c.id);
    for (const id of fresh) done.add(id);
    await tx.execute(sql`with w as (delete from player_weapon_rounds where round_id = any(${`{${fresh.join(',')}}`}::int[]))
      delete from player_rounds where round_id = any(${`{${fresh.join(',')}}`}::int[])`);
    await rederiveMapPlays(tx, chain, { fresh: new Set(fresh), mergedPlayers });
  }
  await reseeGuids(tx, guids);
  const rounds = [...done].sort((a, b) => a - b);
  // A session that held round-file rows of the prefix and the old owner's counted them as one player.
  await tx.execute(sql`update gaming_sessions s set player_count = (select count(distinct pr.guid)
      from player_rounds pr join rounds r on r.id = pr.round_id where r.session_id = s.id and not pr.bot and not pr.joined_in_r2)
    where s.id in (select session_id from rounds where id = any(${`{${rounds.join(',')}}`}::int[]))`);
  // Their sessions' teams, standings and achievements name other GUIDs now: the recompute redoes them.
  await tx.execute(sql`insert into recompute_queue (round_id, queued_at)
    select id, now() from unnest(${`{${rounds.join(',')}}`}::int[]) id on conflict (round_id) do nothing`);
  return rounds;
}

interface Sighting {
  readonly guid: string;
  readonly name_raw: string;
  readonly name: string;
  readonly bot: boolean;
  readonly at: string;
}

/**
 * Sets these GUIDs' names (aliases with their round counts) and first/last seen from every stored round
 * whose file names them, as the importer and `rebuild` store them: the files are found through their rows
 * and among orphan R2s (which hold none). A GUID no round names any more, nor any link, is removed.
 */
async function reseeGuids(tx: Queryable, guids: readonly string[]) {
  const wanted = new Set(guids);
  const roundIds = await rowsOf<{ id: number }>(
    tx,
    sql`select r.id from rounds r where r.orphan or exists (select 1 from player_rounds pr
      where pr.round_id = r.id and pr.guid = any(${textArray(guids)}::text[])) order by r.id`,
  );
  const seen: Sighting[] = [];
  for (let at = 0; at < roundIds.length; at += FILE_BATCH) {
    const files = await rowsOf<{
      file_id: number;
      server_id: number;
      file_name: string;
      bytes: Uint8Array;
      local_time: string;
      zone: string;
    }>(
      tx,
      sql`select f.id::int as file_id, r.server_id, f.file_name, f.bytes, r.local_time, g.time_zone as zone
        from rounds r join stats_files f on f.id = r.file_id join game_servers g on g.id = r.server_id
        where r.id = any(${`{${roundIds
          .slice(at, at + FILE_BATCH)
          .map((r) => r.id)
          .join(',')}}`}::int[])`,
    );
    const rounds = new Map<number, ParsedRound>();
    const of = new Map(files.map((f) => [f.file_id, f]));
    for (const f of files) {
      const read = readStatsFile(f.file_name, f.bytes);
      if (read.ok) rounds.set(f.file_id, read.round);
    }
    await ownAll(tx, rounds, (id) => of.get(id)?.server_id as number);
    for (const [id, round] of rounds) {
      const f = of.get(id) as (typeof files)[number];
      const when = new Date(wallClockToEpochMs(f.local_time, f.zone)).toISOString();
      for (const p of round.players)
        if (wanted.has(p.guid))
          seen.push({ guid: p.guid, name_raw: p.nameRaw, name: p.name, bot: p.bot, at: when });
    }
  }
  const c = sql`c as (select * from json_to_recordset(${JSON.stringify(seen)}::json)
    as c(guid text, name_raw text, name text, bot boolean, at timestamptz))`;
  await tx.execute(sql`delete from player_aliases where guid = any(${textArray(guids)}::text[])`);
  await tx.execute(sql`with ${c} insert into player_aliases (guid, name_raw, name, first_seen_at, last_seen_at, rounds)
    select guid, name_raw, min(name), min(at), max(at), count(*)::int from c group by guid, name_raw`);
  // The newest name wins, two seen at one instant ordered by their text: as the importer does.
  await tx.execute(sql`with ${c},
    latest as (select distinct on (guid) guid, name, name_raw from c order by guid, at desc, name_raw desc),
    span as (select guid, min(at) as first_seen_at, max(at) as last_seen_at, bool_or(bot) as bot from c group by guid)
    update players p set name = l.name, name_raw = l.name_raw, first_seen_at = s.first_seen_at,
      last_seen_at = s.last_seen_at, bot = p.bot or s.bot
    from latest l join span s on s.guid = l.guid where p.guid = l.guid`);
  await tx.execute(sql`delete from players p where p.guid = any(${textArray(guids)}::text[])
    and not exists (select 1 from player_rounds pr where pr.guid = p.guid)
    and not exists (select 1 from player_aliases a where a.guid = p.guid)
    and not exists (select 1 from discord_links l where l.guid = p.guid)`);
}
