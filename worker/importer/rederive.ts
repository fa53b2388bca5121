import { inArray, type SQL, sql } from 'drizzle-orm';
import { deriveRoundTwo, roundOneAlone } from '../../stats/derive-round-two.ts';
import type { PlayerRound } from '../../stats/figures.ts';
import { attackersWon, mapScore, roundDuration } from '../../stats/outcome.ts';
import { pairByWallClock } from '../../stats/pair-wall-clock.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import type { GuidClaim } from '../../stats/stats-lua/owners.ts';
import { statsFiles } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { intArray, rowsOf } from '../db/rows.ts';
import type { ChainRound } from './chain.ts';
import { ownAll } from './guid-owners.ts';

export { mapPlaysAround } from './chain.ts';

function readStored(id: number, fileName: string, bytes: Uint8Array): ParsedRound {
  const result = readStatsFile(fileName, bytes);
  if (!result.ok)
    throw new Error(
      `stored file ${id} (${fileName}) no longer reads: line ${result.line}: ${result.reason}`,
    );
  return result.round;
}

async function readFiles(tx: Queryable, fileIds: number[]): Promise<Map<number, ParsedRound>> {
  const files = await tx
    .select({ id: statsFiles.id, fileName: statsFiles.fileName, bytes: statsFiles.bytes })
    .from(statsFiles)
    .where(inArray(statsFiles.id, fileIds));
  return new Map(files.map((f) => [f.id, readStored(f.id, f.fileName, f.bytes)]));
}

/**
 * player_rounds rows under their column names (totals' keys are the column names already). Assigned, not
 * spread: a spread of the 43 totals followed by more keys is some ten times slower in V8.
 */
const playerRecords = (roundId: number, figures: readonly PlayerRound[]) =>
  figures.map((p) =>
    Object.assign(
      {
        round_id: roundId,
        guid: p.guid,
        name_raw: p.nameRaw,
        name: p.name,
        team: p.team,
        bot: p.bot,
        engine_rounds: p.engineRounds,
        joined_in_r2: p.joinedInR2,
        reconnected: p.reconnected,
        left_early: p.leftEarly,
      },
      p.totals,
    ),
  );

const weaponRecords = (roundId: number, figures: readonly PlayerRound[]) =>
  figures.flatMap((p) => p.weapons.map((w) => ({ round_id: roundId, guid: p.guid, ...w })));

/** P: the longest round-only time any player played, in whole seconds; null without figures. */
const longestPlayerSeconds = (figures: readonly PlayerRound[] | null) =>
  figures && figures.length > 0
    ? Math.round(Math.max(...figures.map((p) => p.totals.time_played_min * 60)))
    : null;

export interface RederivedRound {
  readonly id: number;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly matchId: number | null;
}

interface Settled {
  readonly round: ChainRound;
  /** The side the R1 attackers were on (the side that did not defend). */
  readonly firstAttackersSide: 1 | 2;
  readonly partner: number | null;
  readonly figures: PlayerRound[] | null;
  readonly durationS: number | null;
  readonly source: string | null;
  readonly won: boolean;
  /** A header-only file: it has no result. */
  readonly empty: boolean;
  /** A paired R2 whose file held round 2 alone; null for the rest. */
  readonly r2PerRound: boolean | null;
}

export interface RederiveOptions {
  /** Files already read, by file id (the one being imported). */
  readonly known?: ReadonlyMap<number, ParsedRound>;
  /** Rounds with no derived rows yet. */
  readonly fresh?: ReadonlySet<number>;
  /**
   * Whether player merges exist: stored rows may then be filed under other GUIDs than the file's, so a
   * stored R1 is rewritten whole rather than having its flags set by GUID.
   */
  readonly mergedPlayers?: boolean;
  /** Owners of GUID prefixes by prefix, per server, already known: stored stats.lua rounds are filed under them. */
  readonly owners?: ReadonlyMap<number, ReadonlyMap<string, GuidClaim>> | undefined;
  /**
   * A query to answer in the write's round trip, made from the re-derived rounds. It sees the database
   * as it was before the write (the caller patches what the write changed).
   */
  readonly alsoSelect?: (rounds: readonly RederivedRound[]) => SQL;
}

export interface Rederived {
  readonly rounds: RederivedRound[];
  /** The rows `alsoSelect` asked for. */
  readonly selected: Record<string, unknown>[];
}

/**
 * Re-derives a chain of one map's plays from the stored raw files: pairs, round-2 figures, durations,
 * outcomes and matches (a match's id is its R1's round id), and when each round ended: its file time
 * in its server's zone, on the side of a clock change that pairing chose (stats/pair-wall-clock.ts).
 * Only rounds that are `fresh` (no derived rows yet), whose partner changed or whose end moved are
 * rewritten. The rows depend only on the files, never on the order they arrived in.
 */
export async function rederiveMapPlays(
  tx: Queryable,
  stored: readonly ChainRound[],
  options: RederiveOptions = {},
): Promise<Rederived> {
  const fresh = options.fresh ?? new Set<number>();
  const timed = pairByWallClock(stored.map((r) => ({ ...r, ...r.instants, tieBreak: r.sha256 })));
  const { pairs } = timed;
  const partnerOf = new Map<number, number>();
  for (const [r2, r1] of pairs) partnerOf.set(r1, r2).set(r2, r1);
  // A round whose end moved (its server's zone changed, or pairing chose the other pass of a repeated
  // hour) is written again, and so is its partner (a match ends with its R2).
  const chain = stored.map((r) => {
    const endedAt = timed.endedAt.get(r.id) as number;
    return endedAt === r.endedAt.getTime() ? r : { ...r, endedAt: new Date(endedAt) };
  });
  const retimed = new Set(chain.filter((r, i) => r !== stored[i]).map((r) => r.id));
  for (const id of [...retimed]) {
    const partner = partnerOf.get(id);
    if (partner !== undefined) retimed.add(partner);
  }
  const changed = chain.filter(
    (r) =>
      fresh.has(r.id) || retimed.has(r.id) || (partnerOf.get(r.id) ?? null) !== r.storedPartner,
  );
  if (changed.length === 0) {
    const unchanged = chain.map(({ id, startedAt, endedAt, matchId }) => ({
      id,
      startedAt,
      endedAt,
      matchId,
    }));
    return {
      rounds: unchanged,
      selected: options.alsoSelect ? await rowsOf(tx, options.alsoSelect(unchanged)) : [],
    };
  }

  const byId = new Map(chain.map((r) => [r.id, r]));
  const needed = new Set(
    changed.flatMap((r) => [
      r.fileId,
      ...(partnerOf.has(r.id)
        ? [(byId.get(partnerOf.get(r.id) as number) as ChainRound).fileId]
        : []),
    ]),
  );
  const parsed = new Map(options.known ?? []);
  for (const r of chain)
    if (r.file && needed.has(r.fileId) && !parsed.has(r.fileId))
      parsed.set(r.fileId, readStored(r.fileId, r.file.name, r.file.bytes));
  const missing = [...needed].filter((id) => !parsed.has(id));
  if (missing.length > 0)
    for (const [id, round] of await readFiles(tx, missing)) parsed.set(id, round);
  // Stored stats.lua rounds are filed under their community's prefix owners; the caller's own are already.
  const serverOfFile = new Map(chain.map((r) => [r.fileId, r.serverId]));
  await ownAll(
    tx,
    parsed,
    (id) => serverOfFile.get(id) as number,
    new Set(options.known?.keys()),
    options.owners,
  );
  const fileOf = (id: number) => parsed.get((byId.get(id) as ChainRound).fileId) as ParsedRound;

  const settled = new Map<number, Settled>();
  for (const r of changed) {
    const partner = partnerOf.get(r.id) ?? null;
    const own = fileOf(r.id);
    const derived =
      partner === null
        ? null
        : r.round === 1
          ? deriveRoundTwo(own, fileOf(partner))
          : deriveRoundTwo(fileOf(partner), own);
    const figures =
      r.round === 1
        ? (derived?.round1 ?? roundOneAlone(own))
        : derived === null
          ? null
          : derived.round2;
    const duration = roundDuration(own.header, longestPlayerSeconds(figures));
    const firstAttackersSide = own.header.defender === 1 ? 2 : 1;
    settled.set(r.id, {
      round: r,
      firstAttackersSide,
      partner,
      figures,
      durationS: duration.seconds,
      source: duration.source,
      won: attackersWon(own.header, duration.seconds),
      empty: own.players.length === 0,
      r2PerRound: r.round === 2 && derived ? derived.r2PerRound : null,
    });
  }
  const rounds = chain.map((r) => {
    const s = settled.get(r.id);
    if (!s) return { id: r.id, startedAt: r.startedAt, endedAt: r.endedAt, matchId: r.matchId };
    const matchId = r.round === 1 ? r.id : s.partner;
    return { id: r.id, startedAt: startOf(s), endedAt: r.endedAt, matchId };
  });
  const selected = await writeSettled(
    tx,
    [...settled.values()],
    fresh,
    options.mergedPlayers ?? false,
    options.alsoSelect?.(rounds),
  );
  return { rounds, selected };
}

const json = (rows: readonly object[]) => JSON.stringify(rows);

/** A round started its duration before its file was written; when nothing tells, at that moment. */
const startOf = (s: Settled) => new Date(s.round.endedAt.getTime() - (s.durationS ?? 0) * 1000);

/**
 * Writes the settled rounds in one round trip (two when an R2's figures or a match's R2 link must go
 * first), answering `alsoSelect` in it. Wide rows travel as JSON.
 */
async function writeSettled(
  tx: Queryable,
  settled: readonly Settled[],
  fresh: ReadonlySet<number>,
  mergedPlayers: boolean,
  alsoSelect: SQL | undefined,
) {
  // A stored R1's figures never change with its partner, only who left early: those flags are set in place.
  // Stored rounds that had other figures lose them (rewritten below, then filed under merged players again
  // by the caller); a match that lost its R2 drops the link first, since an R2 belongs to one match at a time.
  const stored = settled.filter((s) => !fresh.has(s.round.id));
  const flagsOnly = new Set(
    mergedPlayers ? [] : stored.filter((s) => s.round.round === 1).map((s) => s.round.id),
  );
  const cleared = stored
    .filter(
      (s) => !flagsOnly.has(s.round.id) && (s.round.round === 1 || s.round.storedPartner !== null),
    )
    .map((s) => s.round.id);
  const unlinked = stored
    .filter((s) => s.round.round === 1 && s.round.storedPartner !== null)
    .map((s) => s.round.id);
  if (cleared.length > 0 || unlinked.length > 0) {
    await tx.execute(sql`with w as (delete from player_weapon_rounds where round_id in ${[0, ...cleared]}),
      m as (update matches set round2_id = null where id in ${[0, ...unlinked]})
      delete from player_rounds where round_id in ${[0, ...cleared]}`);
  }
  const byId = new Map(settled.map((s) => [s.round.id, s]));
  const matchRows = settled
    .filter((s) => s.round.round === 1)
    .map((s) => {
      const two = s.partner === null ? undefined : byId.get(s.partner);
      // A map has a result once both rounds are in and neither is an idle, empty one.
      const score = two && !s.empty && !two.empty ? mapScore(s.won, two.won) : null;
      return {
        id: s.round.id,
        server_id: s.round.serverId,
        map: s.round.map,
        round1_id: s.round.id,
        round2_id: s.partner,
        started_at: startOf(s).toISOString(),
        ended_at: (two?.round.endedAt ?? s.round.endedAt).toISOString(),
        first_attackers_side: s.firstAttackersSide,
        first_attackers_points: score?.first_attackers ?? null,
        first_defenders_points: score?.first_defenders ?? null,
      };
    });
  const roundRows = settled.map((s) => ({
    id: s.round.id,
    ended_at: s.round.endedAt.toISOString(),
    duration_s: s.durationS,
    duration_source: s.source,
    attackers_won: s.won,
    started_at: startOf(s).toISOString(),
    match_id: s.round.round === 1 ? s.round.id : s.partner,
    orphan: s.round.round === 2 && s.partner === null,
    r2_per_round: s.r2PerRound,
  }));
  const rewritten = settled.filter((s) => s.figures && !flagsOnly.has(s.round.id));
  const people = rewritten.flatMap((s) => playerRecords(s.round.id, s.figures ?? []));
  const weapons = rewritten.flatMap((s) => weaponRecords(s.round.id, s.figures ?? []));
  const flags = settled
    .filter((s) => flagsOnly.has(s.round.id))
    .flatMap((s) =>
      (s.figures ?? []).map((p) => ({
        round_id: s.round.id,
        guid: p.guid,
        left_early: p.leftEarly,
      })),
    );
  // Not a reused statement: a plan made generic while the tables were small would scan them whole later.
  return rowsOf<Record<string, unknown>>(
    tx,
    sql`with mt as (
      insert into matches (id, server_id, map, round1_id, round2_id, started_at, ended_at, first_attackers_side, first_attackers_points, first_defenders_points)
      select id, server_id, map, round1_id, round2_id, started_at, ended_at, first_attackers_side, first_attackers_points, first_defenders_points
      from json_populate_recordset(null::matches, ${json(matchRows)}::json)
      on conflict (id) do update set round2_id = excluded.round2_id, started_at = excluded.started_at, ended_at = excluded.ended_at,
        first_attackers_side = excluded.first_attackers_side, first_attackers_points = excluded.first_attackers_points,
        first_defenders_points = excluded.first_defenders_points),
    rd as (update rounds set ended_at = v.ended_at, duration_s = v.duration_s, duration_source = v.duration_source, attackers_won = v.attackers_won,
        started_at = v.started_at, match_id = v.match_id, orphan = v.orphan, r2_per_round = v.r2_per_round
      from json_populate_recordset(null::rounds, ${json(roundRows)}::json) v where rounds.id = v.id and rounds.id = any(${intArray(roundRows.map((r) => r.id))})),
    lf as (update player_rounds pr set left_early = v.left_early
      from json_populate_recordset(null::player_rounds, ${json(flags)}::json) v where pr.round_id = v.round_id and pr.guid = v.guid),
    pr as (insert into player_rounds select * from json_populate_recordset(null::player_rounds, ${json(people)}::json)),
    pw as (insert into player_weapon_rounds select * from json_populate_recordset(null::player_weapon_rounds, ${json(weapons)}::json))
    ${alsoSelect ?? sql`select 1 where false`}`,
  );
}
