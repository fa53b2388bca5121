import { type SQL, sql } from 'drizzle-orm';
import { wallClockToEpochMs } from '../../stats/clock.ts';
import type { ParsedRound } from '../../stats/round.ts';
import type { Queryable } from '../db/database.ts';
import { bumpedWith } from '../db/data-version.ts';
import { reusedRowsOf, rowsOf } from '../db/rows.ts';
import { READER_VERSION } from '../../stats/read.ts';
import {
  CHAIN_REACH_MS,
  type ChainRound,
  chainColumns,
  chainFromJson,
  chainJson,
} from './chain.ts';
import type { StatsUpload } from './outcome.ts';
import type { GuidClaim } from '../../stats/stats-lua/owners.ts';
import { insertClaims, ownersJson, prefixesClaimed } from './guid-owners.ts';

const ROUND_COLUMNS =
  sql.raw(`file_id, server_id, map, round, local_time, ended_at, started_at, server_name, config, defender, winner,
  time_limit_s, next_time_limit_s, playtime_s, legacy_header, duration_s, duration_source, attackers_won, orphan, player_count, bot_count,
  empty, ext_fields, bullets_known, reader_version, alpha_team_name, beta_team_name, alpha_side`);

/**
 * The values of a readable file's round after its file id. Duration, outcome, pairing and match are
 * provisional: `rederiveMapPlays` settles them once it knows the round's partner.
 */
function roundValues(serverId: number, round: ParsedRound, endedAt: Date): SQL {
  const { header } = round;
  const started = new Date(endedAt.getTime() - header.timeLimitS * 1000);
  return sql`${serverId}::int, ${header.map}, ${header.round}::smallint, ${round.file.localTime}, ${endedAt.toISOString()}::timestamptz,
    ${started.toISOString()}::timestamptz, ${header.serverName}, ${header.config}, ${header.defender}::smallint, ${header.winner}::smallint,
    ${header.timeLimitS}::int, ${header.nextTimeLimitS}::int, ${header.playtimeS}::int, ${header.legacyHeader}::boolean, ${header.timeLimitS}::int,
    'time limit', false, ${header.round === 2}, ${round.players.length}::smallint, ${round.players.filter((p) => p.bot).length}::smallint,
    ${round.players.length === 0}::boolean, ${`{${round.extFields.join(',')}}`}::smallint[], ${round.bulletsKnown}::boolean,
    ${READER_VERSION}::smallint, ${round.teamNames?.alpha ?? null}, ${round.teamNames?.beta ?? null}, ${round.teamNames?.alphaSide ?? null}::smallint`;
}

/**
 * Points a round at another copy of its file (a better copy of the same name arrived) and resets what
 * that copy's header says; its figures are dropped for `rederiveMapPlays` to write as a fresh round.
 */
export async function repointRound(
  tx: Queryable,
  roundId: number,
  fileId: number,
  round: ParsedRound,
  seenAt: Date,
) {
  const { header } = round;
  await rowsOf(
    tx,
    sql`with w as (delete from player_weapon_rounds where round_id = ${roundId}),
      p as (delete from player_rounds where round_id = ${roundId}),
      r as (update rounds set file_id = ${fileId}, server_name = ${header.serverName}, config = ${header.config},
        defender = ${header.defender}::smallint, winner = ${header.winner}::smallint, time_limit_s = ${header.timeLimitS}::int,
        next_time_limit_s = ${header.nextTimeLimitS}::int, playtime_s = ${header.playtimeS}::int, legacy_header = ${header.legacyHeader}::boolean,
        player_count = ${round.players.length}::smallint, bot_count = ${round.players.filter((p) => p.bot).length}::smallint,
        empty = ${round.players.length === 0}::boolean, ext_fields = ${`{${round.extFields.join(',')}}`}::smallint[],
        bullets_known = ${round.bulletsKnown}::boolean, reader_version = ${READER_VERSION}::smallint,
        alpha_team_name = ${round.teamNames?.alpha ?? null}, beta_team_name = ${round.teamNames?.beta ?? null},
        alpha_side = ${round.teamNames?.alphaSide ?? null}::smallint
        where id = ${roundId}),
      ${playersSeen(round, seenAt, sql`true`, 0)}
    select 1`,
  );
}

/**
 * Who was seen under which name, as CTEs of one statement (run when `when` holds). Every value is a min,
 * max or count, so the result is the same whatever order rounds arrive in. The newest name wins; two
 * names seen at the same instant are ordered by their text. Rows are sorted by GUID so concurrent imports
 * lock player rows in one order (no deadlock).
 */
function playersSeen(round: ParsedRound, seenAt: Date, when: SQL, rounds = 1): SQL {
  const seen = seenAt.toISOString();
  const people = JSON.stringify(
    [...round.players]
      .sort((a, b) => (a.guid < b.guid ? -1 : 1))
      .map((p) => ({
        guid: p.guid,
        name: p.name,
        name_raw: p.nameRaw,
        bot: p.bot,
        first_seen_at: seen,
        last_seen_at: seen,
        rounds,
      })),
  );
  return sql`seen as (select s.*, b.bot from json_populate_recordset(null::player_aliases, ${people}::json) s
      join json_populate_recordset(null::players, ${people}::json) b using (guid) where ${when}),
    p as (
      insert into players (guid, name, name_raw, bot, first_seen_at, last_seen_at)
      select guid, name, name_raw, bot, first_seen_at, last_seen_at from seen
      on conflict (guid) do update set
        name = case when excluded.last_seen_at > players.last_seen_at or (excluded.last_seen_at = players.last_seen_at and excluded.name_raw > players.name_raw) then excluded.name else players.name end,
        name_raw = case when excluded.last_seen_at > players.last_seen_at or (excluded.last_seen_at = players.last_seen_at and excluded.name_raw > players.name_raw) then excluded.name_raw else players.name_raw end,
        bot = players.bot or excluded.bot,
        first_seen_at = least(players.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(players.last_seen_at, excluded.last_seen_at)),
    a as (
      insert into player_aliases (guid, name_raw, name, first_seen_at, last_seen_at, rounds)
      select guid, name_raw, name, first_seen_at, last_seen_at, rounds from seen
      on conflict (guid, name_raw) do update set
        first_seen_at = least(player_aliases.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(player_aliases.last_seen_at, excluded.last_seen_at),
        rounds = player_aliases.rounds + excluded.rounds)`;
}

const endOf = (round: ParsedRound, zone: string) =>
  new Date(wallClockToEpochMs(round.file.localTime, zone));

/** Stores the round of an already stored file (a rebuild, a quarantined file that reads now), with its players. */
export async function insertRound(
  tx: Queryable,
  fileId: number,
  serverId: number,
  round: ParsedRound,
  zone: string,
) {
  const endedAt = endOf(round, zone);
  const [row] = await rowsOf<{ id: number }>(
    tx,
    sql`with r as (
      insert into rounds (${ROUND_COLUMNS}) values (${fileId}::bigint, ${roundValues(serverId, round, endedAt)}) returning id),
    ${playersSeen(round, endedAt, sql`true`)}
    select id from r`,
  );
  return { roundId: (row as { id: number }).id, endedAt };
}

export type Stored = {
  fileId: number;
  round: { id: number; endedAt: Date; nearby: ChainRound[] } | null;
} | null;

/**
 * What `storeFile` stored, and what it read of the database once the import lock was held: the lock is
 * taken by the transaction's first statement, whose own reads were made before it waited, so a time zone
 * change or a player merge committed meanwhile (both hold the import lock) shows only from here on.
 */
export interface StoreAnswer {
  readonly stored: Stored;
  /** The server's time zone now (null: the server is gone). A readable round is stored only in it. */
  readonly zone: string | null;
  /** Whether any player merge exists now. */
  readonly merges: boolean;
  /** For a stats.lua round (`StatsLuaOwners`): who owns the prefixes now. */
  readonly owners: {
    /** The owners of its claims' prefixes, as the text `StatsLuaOwners.seen` is compared with. */
    readonly ofClaims: string;
    /**
     * `ofClaims` and the owners of every prefix claimed by the rounds of its map within CHAIN_REACH_MS
     * (`ownersJson`'s value), before its own claims are recorded.
     */
    readonly near: unknown;
  } | null;
}

/**
 * A stats.lua round's claims to record with it, and the owners of their prefixes it was filed under
 * (`ownersJson` as text): it is stored only while they still own them.
 */
export interface StatsLuaOwners {
  readonly claims: readonly GuidClaim[];
  readonly seen: string;
}

interface StoreRow {
  file_id: number | null;
  round_id: number | null;
  nearby: unknown;
  zone: string | null;
  merges: boolean;
  claim_owners: string | null;
  near_owners: unknown;
}

/**
 * Stores a new file's bytes and, when it was read, its round and who played it, in one round trip that
 * also answers with the rounds of its map within CHAIN_REACH_MS (itself included, with files) for
 * `mapPlaysAround`. `stored` is null when the server already has a file of that name (nothing is
 * written: the caller compares the copies), and when a readable round's `zone` is no longer the server's
 * or its prefixes' owners are no longer `lua.seen` (nothing is written: the caller files it again under
 * the answer's zone and owners and stores it again). A stats.lua round's claims are recorded with it.
 */
export async function storeFile(
  tx: Queryable,
  upload: StatsUpload,
  sha256: string,
  normalizedSha256: string,
  read:
    | { ok: true; round: ParsedRound; zone: string }
    | { ok: false; line: number; reason: string },
  lua?: StatsLuaOwners,
): Promise<StoreAnswer> {
  const failure = read.ok ? { line: null, reason: null } : read;
  const zoneNow = sql`(select time_zone from game_servers where id = ${upload.serverId})`;
  const owned = read.ok && lua ? lua : null;
  const file = sql`f as (
      insert into stats_files (server_id, sha256, normalized_sha256, file_name, bytes, size, received_at, status, error_line, error_reason)
      select ${upload.serverId}, ${sha256}, ${normalizedSha256}, ${upload.fileName}, ${upload.bytes}, ${upload.bytes.length}, ${upload.receivedAt.toISOString()}::timestamptz,
        ${read.ok ? 'imported' : 'quarantined'}, ${failure.line}::smallint, ${failure.reason}
      where not exists (select 1 from stats_files where server_id = ${upload.serverId} and file_name = ${upload.fileName})
        and ${read.ok ? sql`${zoneNow} = ${read.zone}` : sql`true`}
        ${owned ? sql`and (select t from o) = ${owned.seen}` : sql``}
      returning id, sha256)`;
  const now = sql`${zoneNow} as zone, exists (select 1 from player_merges) as merges`;
  if (!read.ok) {
    const [row] = await reusedRowsOf<StoreRow>(
      tx,
      sql`with ${file} select (select id from f)::int as file_id, null::int as round_id, null::json as nearby, ${now}`,
    );
    return answer(row, (fileId) => ({ fileId, round: null }));
  }
  const endedAt = endOf(read.round, read.zone);
  const at = endedAt.getTime();
  const window = {
    serverId: upload.serverId,
    map: read.round.header.map,
    from: at - CHAIN_REACH_MS,
    to: at + CHAIN_REACH_MS,
  };
  // The statement's own round is not in its snapshot of rounds: it joins the chain from what the insert returns.
  const itself = sql`select ${chainColumns('r')}, null::int, null::int, null::text, null::bytea from r cross join f`;
  const nearby = chainJson(window, true, itself);
  const ownersNow = owned ? ownersOf(upload.serverId, owned.claims, window) : null;
  const [row] = await reusedRowsOf<StoreRow>(
    tx,
    sql`with ${ownersNow ? sql`o as (select ${ownersNow.ofClaims}::text as t), ` : sql``}${file},
    r as (insert into rounds (${ROUND_COLUMNS}) select f.id, ${roundValues(upload.serverId, read.round, endedAt)} from f returning *),
    ${owned ? sql`g as (${insertClaims(sql`select id from f`, upload.serverId, owned.claims)}),` : sql``}
    ${playersSeen(read.round, endedAt, sql`exists (select 1 from f)`)},
    ${bumpedWith(upload.serverId, sql`r`)}
    select (select id from f)::int as file_id, (select id from r) as round_id, case when exists (select 1 from f) then ${nearby} end as nearby, ${now}
      ${ownersNow ? sql`, (select t from o) as claim_owners, ${ownersNow.near} as near_owners` : sql``}`,
  );
  return answer(row, (fileId, r) => ({
    fileId,
    round: { id: r.round_id as number, endedAt, nearby: chainFromJson(r.nearby) },
  }));
}

/**
 * The owners of a stats.lua round's claimed prefixes, and of those and every prefix claimed by the
 * stored rounds of its map in `window` (their R2 or R1 is filed under them when it is derived).
 */
function ownersOf(
  serverId: number,
  claims: readonly GuidClaim[],
  window: { serverId: number; map: string; from: number; to: number },
) {
  const claimed = prefixesClaimed(claims);
  const near = sql`${claimed} union select n.prefix from stats_lua_guids n join rounds nr on nr.file_id = n.file_id
    where nr.server_id = ${window.serverId} and nr.map = ${window.map}
      and nr.ended_at between ${new Date(window.from).toISOString()}::timestamptz and ${new Date(window.to).toISOString()}::timestamptz`;
  return { ofClaims: ownersJson(serverId, claimed), near: ownersJson(serverId, near) };
}

function answer(
  row: StoreRow | undefined,
  stored: (fileId: number, row: StoreRow) => NonNullable<Stored>,
): StoreAnswer {
  return {
    stored: row?.file_id ? stored(row.file_id, row) : null,
    zone: row?.zone ?? null,
    merges: row?.merges ?? false,
    owners:
      typeof row?.claim_owners === 'string'
        ? { ofClaims: row.claim_owners, near: row.near_owners }
        : null,
  };
}
