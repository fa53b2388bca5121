import { asc, eq, inArray, sql } from 'drizzle-orm';
import { readEndStats } from '../../stats/endstats.ts';
import { normalizedSha256Hex } from '../../stats/file-id.ts';
import { readStatsFile } from '../../stats/read.ts';
import { groupSessionsByServer } from '../../stats/sessions.ts';
import {
  companionFiles,
  type FileStatus,
  gameServers,
  rounds,
  statsFiles,
} from '../../schema/index.ts';
import type { ReadResult } from '../../stats/round.ts';
import type { Database, Transaction } from '../db/database.ts';
import { IMPORT_LOCK_KEY } from '../db/locks.ts';
import type { ImportSettings } from './outcome.ts';
import { chainRounds, splitChains } from './chain.ts';
import { type Copy, pickCopy } from './copies.ts';
import { applyPlayerMerges } from './player-merges.ts';
import { rederiveMapPlays } from './rederive.ts';
import { writeSessions } from './sessions.ts';
import { insertRound } from './store-round.ts';
import { reclaimAll } from './guid-owners.ts';
import { fileUnderOwners } from '../../stats/stats-lua/owners.ts';

export interface RebuildReport {
  readonly files: number;
  readonly rounds: number;
  readonly quarantined: number;
  /** Files whose readability changed (a reader fix can free a quarantined file, or the reverse). */
  readonly changedStatus: string[];
}

const FILE_BATCH = 500;

/** Derived rows go; raw files stay. Players are kept (others may refer to them) and re-timed from scratch. */
async function clearDerived(tx: Transaction) {
  await tx.execute(sql`delete from player_weapon_rounds`);
  await tx.execute(sql`delete from player_rounds`);
  await tx.execute(sql`update rounds set match_id = null, session_id = null`);
  await tx.execute(sql`delete from matches`);
  await tx.execute(sql`delete from rounds`);
  await tx.execute(sql`delete from gaming_sessions`);
  await tx.execute(sql`delete from player_aliases`);
  await tx.execute(sql`delete from stats_lua_guids`);
  await tx.execute(sql`update players set first_seen_at = 'infinity', last_seen_at = '-infinity'`);
}

/**
 * Reads every stored file again, one server's file name at a time: equal copies (once normalised) are
 * duplicates of the first; of copies with other content the round is read from the better one
 * (`pickCopy`), the others are conflicts; with no readable copy, the chosen one stays quarantined.
 */
async function rereadFiles(tx: Transaction, changedStatus: string[]) {
  // Who owns each prefix is known only once every payload's claims are in: they are recorded first.
  const ownersOn = await reclaimAll(tx);
  const zones = new Map((await tx.select().from(gameServers)).map((s) => [s.id, s.timeZone]));
  const names = await tx
    .select({ id: statsFiles.id, serverId: statsFiles.serverId, fileName: statsFiles.fileName })
    .from(statsFiles)
    .orderBy(asc(statsFiles.serverId), asc(statsFiles.fileName), asc(statsFiles.id));
  const groups: number[][] = [];
  names.forEach((f, i) => {
    const previous = names[i - 1];
    if (previous && previous.serverId === f.serverId && previous.fileName === f.fileName)
      (groups.at(-1) as number[]).push(f.id);
    else groups.push([f.id]);
  });
  let counts = { files: 0, rounds: 0, quarantined: 0 };
  for (let at = 0; at < groups.length; at += FILE_BATCH) {
    const batch = groups.slice(at, at + FILE_BATCH);
    const files = new Map(
      (
        await tx
          .select({
            id: statsFiles.id,
            serverId: statsFiles.serverId,
            fileName: statsFiles.fileName,
            bytes: statsFiles.bytes,
            size: statsFiles.size,
            status: statsFiles.status,
          })
          .from(statsFiles)
          .where(inArray(statsFiles.id, batch.flat()))
      ).map((f) => [f.id, f]),
    );
    for (const ids of batch) {
      const copies: (Copy & { file: StoredFile; reading: ReadResult })[] = [];
      const seen = new Set<string>();
      for (const id of ids) {
        const file = files.get(id) as StoredFile;
        const normalizedSha256 = await normalizedSha256Hex(file.bytes);
        const reading = readStatsFile(file.fileName, file.bytes);
        if (seen.has(normalizedSha256)) {
          await setStatus(tx, file, 'duplicate', null, reading, changedStatus);
          continue;
        }
        seen.add(normalizedSha256);
        copies.push({ id, readable: reading.ok, size: file.size, normalizedSha256, file, reading });
      }
      const kept = pickCopy(copies);
      for (const c of copies) {
        const status = c !== kept ? 'conflict' : c.reading.ok ? 'imported' : 'quarantined';
        await setStatus(tx, c.file, status, c.normalizedSha256, c.reading, changedStatus);
      }
      counts = {
        files: counts.files + ids.length,
        rounds: counts.rounds + (kept.reading.ok ? 1 : 0),
        quarantined: counts.quarantined + (kept.reading.ok ? 0 : 1),
      };
      if (!kept.reading.ok) continue;
      const zone = zones.get(kept.file.serverId) ?? 'UTC';
      const round = fileUnderOwners(kept.reading.round, ownersOn(kept.file.serverId));
      await insertRound(tx, kept.id, kept.file.serverId, round, zone);
    }
  }
  await rereadCompanions(tx);
  return counts;
}

interface StoredFile {
  readonly id: number;
  readonly serverId: number;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly status: FileStatus;
}

async function setStatus(
  tx: Transaction,
  file: StoredFile,
  status: FileStatus,
  normalizedSha256: string | null,
  reading: ReadResult,
  changedStatus: string[],
) {
  if (status !== file.status) changedStatus.push(`${file.fileName}: ${file.status} → ${status}`);
  await tx
    .update(statsFiles)
    .set({
      status,
      normalizedSha256,
      errorLine: reading.ok ? null : reading.line,
      errorReason: reading.ok ? null : reading.reason,
    })
    .where(eq(statsFiles.id, file.id));
}

/** What the companions say is read again too (a reader fix reaches them). */
async function rereadCompanions(tx: Transaction) {
  const stored = await tx
    .select({ id: companionFiles.id, bytes: companionFiles.bytes })
    .from(companionFiles);
  for (const c of stored)
    await tx
      .update(companionFiles)
      .set({ content: readEndStats(c.bytes) })
      .where(eq(companionFiles.id, c.id));
}

/** Every map's plays, chain by chain (rounds more than the pairing window apart never pair). */
async function rederiveEverything(tx: Transaction) {
  for (const chain of splitChains(await chainRounds(tx, 'all'))) {
    await rederiveMapPlays(tx, chain, { fresh: new Set(chain.map((r) => r.id)) });
  }
}

/**
 * Re-derives every row from the stored raw files, in one transaction: if anything fails, the previous
 * answers stay. Raw files are never deleted; a file's quarantine status is re-evaluated.
 */
export async function rebuildFromRawFiles(
  db: Database,
  settings: ImportSettings,
): Promise<RebuildReport> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    await clearDerived(tx);
    const changedStatus: string[] = [];
    const counts = await rereadFiles(tx, changedStatus);
    await rederiveEverything(tx);
    const timed = await tx
      .select({
        id: rounds.id,
        serverId: rounds.serverId,
        startedAt: rounds.startedAt,
        endedAt: rounds.endedAt,
      })
      .from(rounds)
      .where(eq(rounds.empty, false));
    const groups = groupSessionsByServer(
      timed.map((r) => ({
        id: r.id,
        serverId: r.serverId,
        startedAt: r.startedAt.getTime(),
        endedAt: r.endedAt.getTime(),
        sessionId: null,
      })),
      settings.sessionGapMinutes * 60_000,
    );
    await writeSessions(tx, groups, new Map());
    await applyPlayerMerges(tx);
    await tx.execute(sql`delete from players p where p.first_seen_at = 'infinity'
      and not exists (select 1 from player_rounds pr where pr.guid = p.guid)`);
    return { ...counts, changedStatus };
  });
}
