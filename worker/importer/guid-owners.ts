import { type SQL, sql } from 'drizzle-orm';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import {
  claimsOf,
  fileUnderOwners,
  type GuidClaim,
  withClaims,
} from '../../stats/stats-lua/owners.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/*
 * Which full GUID owns an 8-character prefix in a community (stats/stats-lua/owners.ts): the earliest
 * seen in its stats.lua rounds, as `stats_lua_guids` records them. Every reading of a stored stats.lua
 * payload that files players goes through here, so the importer, re-derivation and rebuild agree.
 */

const textArray = (values: Iterable<string>) => `{${[...new Set(values)].join(',')}}`;

/**
 * The first claim of the prefix `prefix` in the community of server `serverId` (both SQL values): its
 * owner, found on the index by prefix and time without reading the prefix's other claims.
 */
const firstClaim = (prefix: SQL, serverId: SQL) =>
  sql`lateral (select g.guid, (extract(epoch from g.ended_at) * 1000)::float8 as first_ms from stats_lua_guids g
    where g.prefix = ${prefix} and g.server_id in (select mates.id from game_servers mates
      where mates.community_id = (select sv.community_id from game_servers sv where sv.id = ${serverId}))
    order by g.ended_at, g.guid limit 1)`;

/** The owners of these prefixes on the communities of these servers, per server. */
export async function ownersOn(
  tx: Queryable,
  serverIds: readonly number[],
  prefixes: Iterable<string>,
): Promise<Map<number, Map<string, GuidClaim>>> {
  const out = new Map<number, Map<string, GuidClaim>>(serverIds.map((id) => [id, new Map()]));
  const wanted = textArray(prefixes);
  if (serverIds.length === 0 || wanted === '{}') return out;
  const rows = await rowsOf<{ server_id: number; prefix: string; guid: string; first_ms: number }>(
    tx,
    sql`select s.id as server_id, p.prefix, o.guid, o.first_ms
      from unnest(${`{${[...new Set(serverIds)].join(',')}}`}::int[]) s(id)
      cross join unnest(${wanted}::text[]) p(prefix)
      cross join ${firstClaim(sql`p.prefix`, sql`s.id`)} o`,
  );
  for (const r of rows)
    out
      .get(r.server_id)
      ?.set(r.prefix, { guid: r.guid, prefix: r.prefix, firstMs: Number(r.first_ms) });
  return out;
}

const prefixesOf = (round: ParsedRound) => claimsOf(round).map((c) => c.prefix);

/** A stored stats.lua round of a server filed under its community's owners (a round file as it is). */
export async function owned(
  tx: Queryable,
  serverId: number,
  round: ParsedRound,
): Promise<ParsedRound> {
  if (round.source !== 'stats-lua') return round;
  const owners = await ownersOn(tx, [serverId], prefixesOf(round));
  return fileUnderOwners(round, owners.get(serverId) ?? new Map());
}

/**
 * `owned` for many stored rounds (by file id) at once: one query, none when `known` (owners by prefix, per
 * server) has every prefix the rounds name. Rounds in `skip` stay as they are.
 */
export async function ownAll(
  tx: Queryable,
  rounds: Map<number, ParsedRound>,
  serverOf: (fileId: number) => number,
  skip: ReadonlySet<number> = new Set(),
  known: ReadonlyMap<number, ReadonlyMap<string, GuidClaim>> = new Map(),
): Promise<void> {
  const lua = [...rounds].filter(([id, r]) => r.source === 'stats-lua' && !skip.has(id));
  if (lua.length === 0) return;
  const allKnown = lua.every(([id, r]) => {
    const owners = known.get(serverOf(id));
    return owners !== undefined && prefixesOf(r).every((p) => owners.has(p));
  });
  const owners = allKnown
    ? known
    : await ownersOn(
        tx,
        [...new Set(lua.map(([id]) => serverOf(id)))],
        lua.flatMap(([, r]) => prefixesOf(r)),
      );
  for (const [id, r] of lua)
    rounds.set(id, fileUnderOwners(r, owners.get(serverOf(id)) ?? new Map()));
}

/** What a new stats.lua reading claims, filed as it will be once its claims are recorded. */
export interface Claimed {
  readonly round: ParsedRound;
  readonly claims: GuidClaim[];
  /** Prefixes whose owner the new claims take over from another GUID: rounds stored under it move. */
  readonly changed: string[];
}

/** Files a new reading under the owners its own claims leave, from the owners of its prefixes before. */
export function claimUnder(round: ParsedRound, before: ReadonlyMap<string, GuidClaim>): Claimed {
  const claims = claimsOf(round);
  if (claims.length === 0) return { round, claims, changed: [] };
  const after = withClaims(before, claims);
  const changed = [...before].filter(([p, c]) => after.get(p)?.guid !== c.guid).map(([p]) => p);
  return { round: fileUnderOwners(round, after), claims, changed };
}

/**
 * The owners in the community of `serverId` of the prefixes `prefixes` (a query answering distinct
 * `prefix` rows) has, as one JSON value (`ownersFromJson` reads it), for a statement that does more to
 * answer too. Ordered by prefix: two answers are equal as text when the owners are.
 */
export function ownersJson(serverId: number, prefixes: SQL): SQL {
  return sql`(select coalesce(json_agg(json_build_array(p.prefix, o.guid, o.first_ms) order by p.prefix), '[]'::json)
    from (${prefixes}) p cross join ${firstClaim(sql`p.prefix`, sql`${serverId}::int`)} o)`;
}

/** The prefixes `claims` name, as a query for `ownersJson` (one text array parameter: its text never varies). */
export const prefixesClaimed = (claims: readonly GuidClaim[]) =>
  sql`select distinct unnest(${textArray(claims.map((c) => c.prefix))}::text[]) as prefix`;

/** `ownersJson`'s answer (JSON text or as the driver parsed it) as owner claims by prefix. */
export function ownersFromJson(value: unknown): Map<string, GuidClaim> {
  const rows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as [
    string,
    string,
    number,
  ][];
  return new Map(rows.map(([prefix, guid, ms]) => [prefix, { guid, prefix, firstMs: Number(ms) }]));
}

/**
 * The insert of `claims` for the file whose id `file` (a query) answers, nothing when it answers no row:
 * a statement that stores the file records them in the same round trip.
 */
export function insertClaims(file: SQL, serverId: number, claims: readonly GuidClaim[]): SQL {
  const rows = claims.map((c) => ({
    server_id: serverId,
    guid: c.guid,
    prefix: c.prefix,
    ended_at: new Date(c.firstMs).toISOString(),
  }));
  return sql`insert into stats_lua_guids (file_id, server_id, guid, prefix, ended_at)
    select file.id, c.server_id, c.guid, c.prefix, c.ended_at
    from (${file}) file cross join json_populate_recordset(null::stats_lua_guids, ${JSON.stringify(rows)}::json) c
    on conflict do nothing`;
}

/** Records a stored readable payload's claims (every readable copy counts, as `rebuild` counts them). */
export async function recordClaims(
  tx: Queryable,
  fileId: number,
  serverId: number,
  claims: readonly GuidClaim[],
) {
  if (claims.length === 0) return;
  await tx.execute(insertClaims(sql`select ${fileId}::bigint as id`, serverId, claims));
}

const CLAIM_BATCH = 500;

/**
 * Records the claims of every readable stored stats.lua payload again (`rebuild`, after clearing them),
 * then answers every community's owners, per server, for the rebuild to file rounds with.
 */
export async function reclaimAll(
  tx: Queryable,
): Promise<(serverId: number) => ReadonlyMap<string, GuidClaim>> {
  const ids = await rowsOf<{ id: number }>(
    tx,
    sql`select id::int from stats_files where file_name like 'stats-%.json' order by id`,
  );
  for (let at = 0; at < ids.length; at += CLAIM_BATCH) {
    const batch = ids.slice(at, at + CLAIM_BATCH).map((r) => r.id);
    const files = await rowsOf<{
      id: number;
      server_id: number;
      file_name: string;
      bytes: Uint8Array;
    }>(
      tx,
      sql`select id::int, server_id, file_name, bytes from stats_files where id = any(${`{${batch.join(',')}}`}::int[])`,
    );
    for (const f of files) {
      const read = readStatsFile(f.file_name, f.bytes);
      if (read.ok) await recordClaims(tx, f.id, f.server_id, claimsOf(read.round));
    }
  }
  const rows = await rowsOf<{ server_id: number; prefix: string; guid: string; first_ms: number }>(
    tx,
    sql`with owner as (select distinct on (s.community_id, g.prefix) s.community_id, g.prefix, g.guid, g.ended_at
        from stats_lua_guids g join game_servers s on s.id = g.server_id
        order by s.community_id, g.prefix, g.ended_at, g.guid)
      select sv.id as server_id, o.prefix, o.guid, (extract(epoch from o.ended_at) * 1000)::float8 as first_ms
      from owner o join game_servers sv on sv.community_id = o.community_id`,
  );
  const byServer = new Map<number, Map<string, GuidClaim>>();
  for (const r of rows) {
    const owners = byServer.get(r.server_id) ?? new Map<string, GuidClaim>();
    owners.set(r.prefix, { guid: r.guid, prefix: r.prefix, firstMs: Number(r.first_ms) });
    byServer.set(r.server_id, owners);
  }
  return (serverId) => byServer.get(serverId) ?? new Map();
}
