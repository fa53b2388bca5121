import { and, eq, inArray } from 'drizzle-orm';
import { normalizedSha256Hex } from '../../stats/file-id.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound, ReadResult } from '../../stats/round.ts';
import { type FileStatus, rounds, statsFiles } from '../../schema/index.ts';
import type { Transaction } from '../db/database.ts';
import type { ImportOutcome, StatsUpload } from './outcome.ts';
import { insertRound, repointRound } from './store-round.ts';
import { claimsOf, fileUnderOwners } from '../../stats/stats-lua/owners.ts';
import { ownersOn, recordClaims } from './guid-owners.ts';
import { refileChangedOwners } from './refile.ts';

/** What choosing between copies of one server's file name needs to know of each. */
export interface Copy {
  readonly id: number;
  readonly readable: boolean;
  readonly size: number;
  readonly normalizedSha256: string;
}

/**
 * The copy a round is read from, among copies of one server's file name with different content
 * (STATS_FORMAT.md, "Identity and duplicates"): the readable one, else the longer (a truncated write is
 * shorter), else the lower SHA-256 — so the choice never depends on the order copies arrived in.
 */
export function pickCopy<C extends Copy>(copies: readonly C[]): C {
  const better = (a: C, b: C) =>
    a.readable !== b.readable
      ? a.readable
      : a.size !== b.size
        ? a.size > b.size
        : a.normalizedSha256 < b.normalizedSha256;
  return copies.reduce((best, c) => (better(c, best) ? c : best));
}

type Settle = (
  tx: Transaction,
  stored: { fileId: number; round: ParsedRound; roundId: number; endedAt: Date },
) => Promise<number | null>;

/**
 * A file whose name the server already has (the importer's slow path, under its lock): equal once
 * normalised to a stored copy, it is a duplicate and nothing is written; otherwise it is kept, and the
 * round of that name is read from the better copy: this one when it is, the stored one else.
 */
export async function importAnotherCopy(
  tx: Transaction,
  upload: StatsUpload,
  sha256: string,
  normalizedSha256: string,
  reading: ReadResult,
  zone: string,
  settle: Settle,
): Promise<ImportOutcome> {
  const stored = await tx
    .select({
      id: statsFiles.id,
      status: statsFiles.status,
      size: statsFiles.size,
      normalizedSha256: statsFiles.normalizedSha256,
      errorReason: statsFiles.errorReason,
      bytes: statsFiles.bytes,
    })
    .from(statsFiles)
    .where(and(eq(statsFiles.serverId, upload.serverId), eq(statsFiles.fileName, upload.fileName)));
  const copies: (Copy & { status: FileStatus })[] = [];
  for (const c of stored) {
    // Files stored before identities were normalised have none until a rebuild: work it out here.
    const normalized = c.normalizedSha256 ?? (await normalizedSha256Hex(c.bytes));
    if (normalized === normalizedSha256)
      return { status: 'duplicate', fileId: c.id, previous: c.status };
    copies.push({
      id: c.id,
      status: c.status,
      size: c.size,
      normalizedSha256: normalized,
      readable: c.status === 'imported' || (c.status === 'conflict' && c.errorReason === null),
    });
  }
  const failure = reading.ok ? null : reading;
  const [mine] = await tx
    .insert(statsFiles)
    .values({
      serverId: upload.serverId,
      sha256,
      normalizedSha256,
      fileName: upload.fileName,
      bytes: upload.bytes,
      size: upload.bytes.length,
      receivedAt: upload.receivedAt,
      status: 'conflict',
      errorLine: failure?.line ?? null,
      errorReason: failure?.reason ?? null,
    })
    .returning({ id: statsFiles.id });
  const fileId = (mine as { id: number }).id;
  const ours = {
    id: fileId,
    status: 'conflict' as FileStatus,
    size: upload.bytes.length,
    normalizedSha256,
    readable: reading.ok,
  };
  const kept = pickCopy([...copies, ours]);
  if (kept !== ours)
    return {
      status: 'conflict',
      fileId,
      keptFileId: kept.id,
      ...(failure ? { line: failure.line, reason: failure.reason } : {}),
    };

  const others = copies.map((c) => c.id);
  await tx.update(statsFiles).set({ status: 'conflict' }).where(inArray(statsFiles.id, others));
  if (!reading.ok) {
    await tx.update(statsFiles).set({ status: 'quarantined' }).where(eq(statsFiles.id, fileId));
    return { status: 'quarantined', fileId, line: reading.line, reason: reading.reason };
  }
  await tx.update(statsFiles).set({ status: 'imported' }).where(eq(statsFiles.id, fileId));
  const { round } = reading;
  const [previous] = await tx
    .select({ id: rounds.id, endedAt: rounds.endedAt })
    .from(rounds)
    .where(inArray(rounds.fileId, others));
  let roundId: number;
  let endedAt: Date;
  if (previous) {
    await repointRound(tx, previous.id, fileId, round, previous.endedAt);
    ({ id: roundId, endedAt } = previous);
  } else {
    ({ roundId, endedAt } = await insertRound(tx, fileId, upload.serverId, round, zone));
  }
  const matchId = await settle(tx, { fileId, round, roundId, endedAt });
  return {
    status: 'imported',
    fileId,
    roundId,
    matchId,
    round: round.header.round,
    map: round.header.map,
  };
}

/**
 * Reads every copy of one server's file name again (a quarantined file retried after a reader fix) and
 * settles which one the round is read from, as a rebuild would: the round is created, re-pointed or
 * left as it is. Returns the kept copy's reading and, when it reads, its round.
 */
export async function reconsiderCopies(
  tx: Transaction,
  serverId: number,
  fileName: string,
  zone: string,
  settle: Settle,
): Promise<{ keptFileId: number; reading: ReadResult; roundId: number | null }> {
  const stored = await tx
    .select({
      id: statsFiles.id,
      status: statsFiles.status,
      size: statsFiles.size,
      bytes: statsFiles.bytes,
    })
    .from(statsFiles)
    .where(and(eq(statsFiles.serverId, serverId), eq(statsFiles.fileName, fileName)));
  const copies: (Copy & { reading: ReadResult })[] = [];
  for (const c of stored) {
    if (c.status === 'duplicate') continue;
    const reading = readStatsFile(fileName, c.bytes);
    const normalizedSha256 = await normalizedSha256Hex(c.bytes);
    copies.push({ id: c.id, readable: reading.ok, size: c.size, normalizedSha256, reading });
  }
  const kept = pickCopy(copies);
  for (const c of copies) {
    const failure = c.reading.ok ? null : c.reading;
    const status: FileStatus = c !== kept ? 'conflict' : failure ? 'quarantined' : 'imported';
    await tx
      .update(statsFiles)
      .set({ status, errorLine: failure?.line ?? null, errorReason: failure?.reason ?? null })
      .where(eq(statsFiles.id, c.id));
  }
  if (!kept.reading.ok) return { keptFileId: kept.id, reading: kept.reading, roundId: null };
  const { round, changed } = await claimCopies(tx, serverId, copies, kept.reading.round);
  const [existing] = await tx
    .select({ id: rounds.id, fileId: rounds.fileId, endedAt: rounds.endedAt })
    .from(rounds)
    .where(
      inArray(
        rounds.fileId,
        copies.map((c) => c.id),
      ),
    );
  if (existing?.fileId === kept.id)
    return { keptFileId: kept.id, reading: kept.reading, roundId: existing.id };
  let roundId: number;
  let endedAt: Date;
  if (existing) {
    await repointRound(tx, existing.id, kept.id, round, existing.endedAt);
    ({ id: roundId, endedAt } = existing);
  } else {
    ({ roundId, endedAt } = await insertRound(tx, kept.id, serverId, round, zone));
  }
  await settle(tx, { fileId: kept.id, round, roundId, endedAt });
  await refileChangedOwners(tx, serverId, changed, true);
  return { keptFileId: kept.id, reading: kept.reading, roundId };
}

/**
 * Records the claims of every copy that reads now (as `rebuild` counts them) and files the kept round
 * under the owners they leave; `changed`: prefixes whose owner they took over.
 */
async function claimCopies(
  tx: Transaction,
  serverId: number,
  copies: readonly { id: number; reading: ReadResult }[],
  round: ParsedRound,
) {
  const readable = copies.flatMap((c) =>
    c.reading.ok ? [{ id: c.id, claims: claimsOf(c.reading.round) }] : [],
  );
  const prefixes = readable.flatMap((c) => c.claims.map((x) => x.prefix));
  if (prefixes.length === 0) return { round, changed: [] };
  const before = (await ownersOn(tx, [serverId], prefixes)).get(serverId) ?? new Map();
  for (const c of readable) await recordClaims(tx, c.id, serverId, c.claims);
  const after = (await ownersOn(tx, [serverId], prefixes)).get(serverId) ?? new Map();
  const changed = [...before].filter(([p, c]) => after.get(p)?.guid !== c.guid).map(([p]) => p);
  return { round: fileUnderOwners(round, after), changed };
}
