import { bumpDataVersionOfServer } from '../db/data-version.ts';
import { sql } from 'drizzle-orm';
import { normalizedSha256Hex, sha256Hex } from '../../stats/file-id.ts';
import { fileKind } from '../../stats/file-kind.ts';
import { readEndStats } from '../../stats/endstats.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound, ReadResult } from '../../stats/round.ts';
import type { Database, Transaction } from '../db/database.ts';
import { IMPORT_LOCK_KEY } from '../db/locks.ts';
import { reusedRowsOf } from '../db/rows.ts';
import type { ImportOutcome, ImportSettings, ImportWithReading, StatsUpload } from './outcome.ts';
import { importCompanion } from './companions.ts';
import { importAnotherCopy } from './copies.ts';
import { applyPlayerMerges } from './player-merges.ts';
import type { ChainRound } from './chain.ts';
import { mapPlaysAround, rederiveMapPlays } from './rederive.ts';
import { nearbyRounds, regroupNearby, roundsNear } from './sessions.ts';
import { isDataException, shortDatabaseError } from './refusal.ts';
import { storeFile } from './store-round.ts';
import {
  claimUnder,
  ownersFromJson,
  ownersJson,
  prefixesClaimed,
  recordClaims,
} from './guid-owners.ts';
import { claimsOf, type GuidClaim, withClaims } from '../../stats/stats-lua/owners.ts';
import { refileChangedOwners } from './refile.ts';

const endOf = (r: ChainRound) => r.endedAt.getTime();

export class UnknownServerError extends Error {
  override name = 'UnknownServerError';
}

async function knownServer(db: Database, serverId: number) {
  const [row] = await reusedRowsOf<{ id: number }>(
    db,
    sql`select id from game_servers where id = ${serverId}`,
  );
  if (!row) throw new UnknownServerError(`game server ${serverId} is not registered`);
}

/**
 * Settles a newly stored readable round: its map's pairs and figures, then the sessions around it.
 * Returns the round's match (null for an orphan R2). `mergedPlayers: false` (no player merges exist)
 * lets a stored R1 keep its rows when its partner changes.
 */
export async function settleRound(
  tx: Transaction,
  stored: {
    serverId: number;
    fileId: number;
    round: ParsedRound;
    roundId: number;
    endedAt: Date;
    nearby?: ChainRound[];
    /** Owners by prefix, per server, already known (a new stats.lua round's store answers them). */
    owners?: ReadonlyMap<number, ReadonlyMap<string, GuidClaim>> | undefined;
  },
  settings: ImportSettings,
  mergedPlayers = true,
) {
  const { serverId, fileId, round, roundId, endedAt } = stored;
  const chain = await mapPlaysAround(tx, serverId, round.header.map, endedAt.getTime(), {
    withFiles: true,
    nearby: stored.nearby,
  });
  const gap = settings.sessionGapMinutes;
  const derived = await rederiveMapPlays(tx, chain, {
    known: new Map([[fileId, round]]),
    fresh: new Set([roundId]),
    mergedPlayers,
    owners: stored.owners,
    // Where a round ended before it was re-derived counts too: the session it leaves must be regrouped.
    alsoSelect: (rounds) =>
      roundsNear(
        serverId,
        new Date(Math.min(...rounds.map((r) => r.startedAt.getTime()), ...chain.map(endOf))),
        new Date(Math.max(...rounds.map((r) => r.endedAt.getTime()), ...chain.map(endOf))),
        gap,
      ),
  });
  const retimed = new Map(derived.rounds.map((r) => [r.id, r.startedAt]));
  const reEnded = new Map(derived.rounds.map((r) => [r.id, r.endedAt]));
  await regroupNearby(tx, nearbyRounds(derived.selected, retimed, reEnded), gap);
  return derived.rounds.find((r) => r.id === roundId)?.matchId ?? null;
}

/**
 * The canonical importer: stores one file's bytes and everything derived from them, in one
 * transaction. One round per (server, file name): a copy equal once normalised (CRLF, trailing blanks)
 * is a duplicate and stores nothing; a copy with other content is kept as a conflict and the round is
 * read from the better copy. An unreadable file is kept, quarantined with its line and reason. Endstats
 * companions are kept for their round; other companions (`_ws.txt`…) are skipped. Bytes the database
 * refuses a value of (SQLSTATE class 22) are quarantined too: they would fail the same way on every
 * retry. Throws only when the database fails otherwise (nothing is then written): worth retrying.
 */
export async function importStatsFile(
  db: Database,
  upload: StatsUpload,
  settings: ImportSettings,
): Promise<ImportOutcome> {
  return (await importStatsFileWithReading(db, upload, settings)).outcome;
}

/**
 * `importStatsFile`, also handing back its reading of the bytes, so a caller need not read them again.
 * A caller that already read them (`readStatsFile`'s answer for these bytes) passes it as `read`.
 */
export async function importStatsFileWithReading(
  db: Database,
  upload: StatsUpload,
  settings: ImportSettings,
  read?: ReadResult,
): Promise<ImportWithReading> {
  const kind = fileKind(upload.fileName);
  if (kind.kind === 'skipped')
    return { outcome: { status: 'skipped', reason: kind.reason }, reading: null };
  if (kind.kind === 'endstats') {
    await knownServer(db, upload.serverId);
    const endStats = readEndStats(upload.bytes);
    if (endStats.refused)
      return { outcome: await quarantine(db, upload, endStats.refused), reading: null };
    try {
      return {
        outcome: await importCompanion(db, upload, kind.roundFileName, endStats),
        reading: null,
      };
    } catch (error) {
      if (!isDataException(error)) throw error;
      return { outcome: await quarantine(db, upload, refusedBy(error)), reading: null };
    }
  }
  const result = read ?? readStatsFile(upload.fileName, upload.bytes);
  try {
    // A stored round moves its community's data version in its own transaction (the store's
    // statement, or importRound's for another copy of a stored name): never the new version with the old rows.
    const outcome = await importRound(db, upload, result, settings);
    return { outcome, reading: result };
  } catch (error) {
    if (!isDataException(error)) throw error;
    const refused = refusedBy(error);
    return { outcome: await quarantine(db, upload, refused), reading: { ok: false, ...refused } };
  }
}

/** What a file the database refused a value of is quarantined with (line 0: no line is to blame). */
function refusedBy(error: unknown) {
  return {
    line: 0,
    reason: `the database refused a value of the file: ${shortDatabaseError(error)}`,
  };
}

/**
 * Keeps bytes that can never be stored as a round or a companion in quarantine, with the line and
 * reason, as an unreadable round file is kept: a retry of the same bytes is then a duplicate, never
 * the same failure again.
 */
async function quarantine(
  db: Database,
  upload: StatsUpload,
  failure: { readonly line: number; readonly reason: string },
): Promise<ImportOutcome> {
  const sha256 = await sha256Hex(upload.bytes);
  const normalized = await normalizedSha256Hex(upload.bytes);
  const refused = { ok: false as const, ...failure };
  return db.transaction(async (tx): Promise<ImportOutcome> => {
    const [server] = await reusedRowsOf<{ time_zone: string | null }>(
      tx,
      sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY}),
      (select time_zone from game_servers where id = ${upload.serverId}) as time_zone`,
    );
    if (!server?.time_zone)
      throw new UnknownServerError(`game server ${upload.serverId} is not registered`);
    const { stored } = await storeFile(tx, upload, sha256, normalized, refused);
    if (stored) return { status: 'quarantined', fileId: stored.fileId, ...failure };
    const settle = async (): Promise<number | null> => {
      throw new Error(`${upload.fileName} is unreadable: no round of it is settled`);
    };
    return importAnotherCopy(tx, upload, sha256, normalized, refused, server.time_zone, settle);
  });
}

async function importRound(
  db: Database,
  upload: StatsUpload,
  result: ReadResult,
  settings: ImportSettings,
): Promise<ImportOutcome> {
  const sha256 = await sha256Hex(upload.bytes);
  const normalized = await normalizedSha256Hex(upload.bytes);
  // A stats.lua round is filed under its community's prefix owners, its own GUIDs' claims included.
  const claims = result.ok && result.round.source === 'stats-lua' ? claimsOf(result.round) : null;
  return db.transaction(async (tx): Promise<ImportOutcome> => {
    const [server] = await reusedRowsOf<{ time_zone: string | null; owners: string | null }>(
      tx,
      sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY}),
      (select time_zone from game_servers where id = ${upload.serverId}) as time_zone,
      ${claims ? ownersJson(upload.serverId, prefixesClaimed(claims)) : sql`null`}::text as owners`,
    );
    const unknown = () =>
      new UnknownServerError(`game server ${upload.serverId} is not registered`);
    if (!server?.time_zone) throw unknown();
    const fileUnder = (owners: string) =>
      result.ok ? claimUnder(result.round, ownersFromJson(owners)) : null;
    // What the lock's statement read, it read before waiting for the lock; the store answers with what
    // holds now. A zone or an owner changed meanwhile stored nothing: the round is filed and stored again.
    let zone = server.time_zone;
    let seen = server.owners ?? '[]';
    let claimed = claims ? fileUnder(seen) : null;
    // The reading as filed under the owners last seen (a stats.lua round's GUIDs may have changed).
    const filed = (): ReadResult => (claimed ? { ok: true, round: claimed.round } : result);
    const store = () => {
      const reading = filed();
      const lua = claimed ? { claims: claimed.claims, seen } : undefined;
      return storeFile(
        tx,
        upload,
        sha256,
        normalized,
        reading.ok ? { ...reading, zone } : reading,
        lua,
      );
    };
    let answer = await store();
    const ownersMoved = answer.owners !== null && answer.owners.ofClaims !== seen;
    if (result.ok && answer.zone !== null && (answer.zone !== zone || ownersMoved)) {
      zone = answer.zone;
      seen = answer.owners?.ofClaims ?? seen;
      claimed = claims ? fileUnder(seen) : null;
      answer = await store();
    }
    if (answer.zone === null) throw unknown();
    const reading = filed();
    const { stored, merges } = answer;
    const refile = () => refileChangedOwners(tx, upload.serverId, claimed?.changed ?? [], merges);
    if (!stored) {
      const settle: Parameters<typeof importAnotherCopy>[6] = async (inner, copy) => {
        if (claimed) await recordClaims(inner, copy.fileId, upload.serverId, claimed.claims);
        const matchId = await settleRound(inner, { serverId: upload.serverId, ...copy }, settings);
        await refile();
        if (merges) await applyPlayerMerges(inner, { known: true });
        return matchId;
      };
      const outcome = await importAnotherCopy(
        tx,
        upload,
        sha256,
        normalized,
        reading,
        zone,
        settle,
      );
      if (outcome.status === 'imported' || outcome.status === 'conflict')
        await bumpDataVersionOfServer(tx, upload.serverId);
      // A copy the round is not read from still counts for who owns a prefix, as `rebuild` counts it.
      if (claimed && outcome.status === 'conflict') {
        await recordClaims(tx, outcome.fileId, upload.serverId, claimed.claims);
        await refile();
        if (merges) await applyPlayerMerges(tx, { known: true });
      }
      return outcome;
    }
    const { fileId } = stored;
    if (!reading.ok)
      return { status: 'quarantined', fileId, line: reading.line, reason: reading.reason };
    if (!stored.round) throw new Error(`the round of ${upload.fileName} was not stored`);

    const { round } = reading;
    const { id: roundId, endedAt, nearby } = stored.round;
    // Its claims were recorded as it was stored, after the store's snapshot: they join the owners here.
    const owners =
      claimed && answer.owners
        ? new Map([
            [upload.serverId, withClaims(ownersFromJson(answer.owners.near), claimed.claims)],
          ])
        : undefined;
    const matchId = await settleRound(
      tx,
      { serverId: upload.serverId, fileId, round, roundId, endedAt, nearby, owners },
      settings,
      merges,
    );
    await refile();
    if (merges) await applyPlayerMerges(tx, { known: true });
    return {
      status: 'imported',
      fileId,
      roundId,
      matchId,
      round: round.header.round,
      map: round.header.map,
    };
  });
}
