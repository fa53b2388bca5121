import { and, eq, sql } from 'drizzle-orm';
import { sha256Hex } from '../../stats/file-id.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { gameServers, rounds, statsFiles } from '../../schema/index.ts';
import type { Database, Transaction } from '../db/database.ts';
import type { ImportOutcome, ImportSettings, StatsUpload } from './outcome.ts';
import { mapPlaysAround, rederiveMapPlays } from './rederive.ts';
import { refreshSessions } from './sessions.ts';
import { insertRound, recordPlayers } from './store-round.ts';

/**
 * Imports serialise on one advisory lock: a file's R1 and R2 arriving at the same moment then see each
 * other, and the database never depends on which transaction won. Imports are short; this is cheap.
 */
export const IMPORT_LOCK_KEY = 7_415_263;

export class UnknownServerError extends Error {
  override name = 'UnknownServerError';
}

/** Settles a newly stored readable round: its map's pairs and figures, then the sessions around it. */
export async function settleRound(tx: Transaction, serverId: number, round: ParsedRound, roundId: number, endedAt: Date, settings: ImportSettings) {
  const chain = await mapPlaysAround(tx, serverId, round.header.map, endedAt.getTime());
  await rederiveMapPlays(tx, serverId, round.header.map, chain);
  const [span] = await tx
    .select({ from: sql<Date>`min(${rounds.startedAt})`.mapWith(rounds.startedAt), to: sql<Date>`max(${rounds.endedAt})`.mapWith(rounds.endedAt) })
    .from(rounds)
    .where(sql`${rounds.id} in ${chain.length > 0 ? chain.map((r) => r.id) : [roundId]}`);
  await refreshSessions(tx, span?.from ?? endedAt, span?.to ?? endedAt, settings.sessionGapMinutes);
}

/**
 * The canonical importer: stores one file's bytes and everything derived from them, in one
 * transaction. Idempotent per (server, SHA-256); an unreadable file is kept, quarantined with its line
 * and reason. Throws only when the database fails (nothing is then written).
 */
export async function importStatsFile(db: Database, upload: StatsUpload, settings: ImportSettings): Promise<ImportOutcome> {
  const sha256 = await sha256Hex(upload.bytes);
  const result = readStatsFile(upload.fileName, upload.bytes);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    const [server] = await tx.select({ timeZone: gameServers.timeZone }).from(gameServers).where(eq(gameServers.id, upload.serverId));
    if (!server) throw new UnknownServerError(`game server ${upload.serverId} is not registered`);
    const [existing] = await tx
      .select({ id: statsFiles.id, status: statsFiles.status })
      .from(statsFiles)
      .where(and(eq(statsFiles.serverId, upload.serverId), eq(statsFiles.sha256, sha256)));
    if (existing) return { status: 'duplicate', fileId: existing.id, previous: existing.status };

    const [file] = await tx
      .insert(statsFiles)
      .values({
        serverId: upload.serverId,
        sha256,
        fileName: upload.fileName,
        bytes: upload.bytes,
        size: upload.bytes.length,
        receivedAt: upload.receivedAt,
        status: result.ok ? 'imported' : 'quarantined',
        errorLine: result.ok ? null : result.line,
        errorReason: result.ok ? null : result.reason,
      })
      .returning({ id: statsFiles.id });
    const fileId = (file as { id: number }).id;
    if (!result.ok) return { status: 'quarantined', fileId, line: result.line, reason: result.reason };

    const { round } = result;
    const { roundId, endedAt } = await insertRound(tx, fileId, upload.serverId, round, server.timeZone);
    await recordPlayers(tx, round, endedAt);
    await settleRound(tx, upload.serverId, round, roundId, endedAt, settings);
    const [stored] = await tx.select({ matchId: rounds.matchId }).from(rounds).where(eq(rounds.id, roundId));
    return { status: 'imported', fileId, roundId, matchId: stored?.matchId ?? null, round: round.header.round, map: round.header.map };
  });
}
