import { eq, inArray, sql } from 'drizzle-orm';
import { gameServers, rounds, statsFiles } from '../../schema/index.ts';
import { wallClockToEpochMs } from '../../stats/clock.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { ownAll } from '../importer/guid-owners.ts';
import type { Transaction } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

const FILE_BATCH = 500;

/** A player line of a stored round file, seen at its file time (the earlier instant, as the importer stores it). */
interface Sighting {
  readonly guid: string;
  readonly owner: string;
  readonly name_raw: string;
  readonly name: string;
  readonly at: string;
}

/**
 * Every merged GUID's end of chain (the GUID its names are filed under), as player-merges.ts follows it:
 * only GUIDs with no row left anywhere had their names moved (merges are per community).
 */
async function mergeOwners(tx: Transaction): Promise<(guid: string) => string> {
  const rows = await rowsOf<{ merged_guid: string; kept_guid: string }>(
    tx,
    sql`select merged_guid, kept_guid from player_merges m
      where not exists (select 1 from player_rounds pr where pr.guid = m.merged_guid)`,
  );
  const keptOf = new Map(rows.map((r) => [r.merged_guid, r.kept_guid]));
  return (guid) => {
    let owner = guid;
    for (let depth = 0; depth < 32 && keptOf.has(owner); depth++)
      owner = keptOf.get(owner) as string;
    return owner;
  };
}

/** The player lines of the files of these rounds, each seen at its file time in its server's zone. */
async function sightingsIn(
  tx: Transaction,
  roundIds: readonly number[],
  ownerOf: (guid: string) => string,
): Promise<Sighting[]> {
  const out: Sighting[] = [];
  for (let at = 0; at < roundIds.length; at += FILE_BATCH) {
    const files = await tx
      .select({
        id: statsFiles.id,
        serverId: statsFiles.serverId,
        fileName: statsFiles.fileName,
        bytes: statsFiles.bytes,
        localTime: rounds.localTime,
        zone: gameServers.timeZone,
      })
      .from(rounds)
      .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
      .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
      .where(inArray(rounds.id, roundIds.slice(at, at + FILE_BATCH)));
    const read = new Map<number, ParsedRound>();
    for (const file of files) {
      const r = readStatsFile(file.fileName, file.bytes);
      if (r.ok) read.set(file.id, r.round);
    }
    // stats.lua players are filed as their community's prefix owners say.
    const byId = new Map(files.map((f) => [f.id, f]));
    await ownAll(tx, read, (id) => byId.get(id)?.serverId as number);
    for (const [id, round] of read) {
      const file = byId.get(id) as (typeof files)[number];
      const seen = new Date(wallClockToEpochMs(file.localTime, file.zone)).toISOString();
      for (const p of round.players)
        out.push({
          guid: p.guid,
          owner: ownerOf(p.guid),
          name_raw: p.nameRaw,
          name: p.name,
          at: seen,
        });
    }
  }
  return out;
}

/**
 * Sets when the players of a server's files were first and last seen, under which names, once its
 * rounds' times changed (its zone did): from every stored file that names them, on any server, as the
 * importer and the rebuild would have stored them. Files that name them are found through their rows
 * (a paired round holds every player of its file) and among other servers' orphan R2s (which hold none).
 * The caller applies the player merges afterwards: a kept player's name and times come from its aliases.
 */
export async function reseePlayersOfServer(tx: Transaction, serverId: number): Promise<void> {
  const ownerOf = await mergeOwners(tx);
  const own = await rowsOf<{ id: number }>(
    tx,
    sql`select id from rounds where server_id = ${serverId} order by id`,
  );
  const ours = await sightingsIn(
    tx,
    own.map((r) => r.id),
    ownerOf,
  );
  if (ours.length === 0) return;
  const owners = new Set(ours.map((s) => s.owner));
  const merged = await rowsOf<{ merged_guid: string }>(
    tx,
    sql`select merged_guid from player_merges`,
  );
  const guids = [
    ...new Set([
      ...owners,
      ...merged.map((m) => m.merged_guid).filter((g) => owners.has(ownerOf(g))),
    ]),
  ];
  const others = await rowsOf<{ id: number }>(
    tx,
    sql`select r.id from rounds r where r.server_id <> ${serverId} and (r.orphan
      or exists (select 1 from player_rounds pr where pr.round_id = r.id and pr.guid = any(${`{${guids.join(',')}}`}::text[])))
    order by r.id`,
  );
  const theirs = await sightingsIn(
    tx,
    others.map((r) => r.id),
    ownerOf,
  );
  const everything = [...ours, ...theirs].filter((s) => owners.has(s.owner));
  const seen = sql`c as (select * from json_to_recordset(${JSON.stringify(everything)}::json)
    as c(guid text, owner text, name_raw text, name text, at timestamptz))`;
  await tx.execute(sql`with ${seen},
    span as (select owner, name_raw, min(at) as first_seen_at, max(at) as last_seen_at from c group by owner, name_raw)
    update player_aliases a set first_seen_at = s.first_seen_at, last_seen_at = s.last_seen_at
    from span s where a.guid = s.owner and a.name_raw = s.name_raw`);
  // The newest name wins, two seen at one instant ordered by their text: as the importer does.
  await tx.execute(sql`with ${seen},
    latest as (select distinct on (guid) guid, name, name_raw from c order by guid, at desc, name_raw desc),
    span as (select guid, min(at) as first_seen_at, max(at) as last_seen_at from c group by guid)
    update players p set name = l.name, name_raw = l.name_raw, first_seen_at = s.first_seen_at, last_seen_at = s.last_seen_at
    from latest l join span s on s.guid = l.guid where p.guid = l.guid`);
}
