import { asc, eq, sql } from 'drizzle-orm';
import { readStatsFile } from '../../stats/read.ts';
import { groupSessions } from '../../stats/sessions.ts';
import { gameServers, rounds, statsFiles } from '../../schema/index.ts';
import type { Database, Transaction } from '../db/database.ts';
import { IMPORT_LOCK_KEY } from '../db/locks.ts';
import type { ImportSettings } from './outcome.ts';
import { chainRounds, splitChains } from './chain.ts';
import { applyPlayerMerges } from './player-merges.ts';
import { rederiveMapPlays } from './rederive.ts';
import { writeSessions } from './sessions.ts';
import { insertRound } from './store-round.ts';

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
  await tx.execute(sql`update players set first_seen_at = 'infinity', last_seen_at = '-infinity'`);
}

async function rereadFiles(tx: Transaction, changedStatus: string[]) {
  const zones = new Map((await tx.select().from(gameServers)).map((s) => [s.id, s.timeZone]));
  let counts = { files: 0, rounds: 0, quarantined: 0 };
  for (let after = 0; ; ) {
    const batch = await tx
      .select({
        id: statsFiles.id,
        serverId: statsFiles.serverId,
        fileName: statsFiles.fileName,
        bytes: statsFiles.bytes,
        status: statsFiles.status,
      })
      .from(statsFiles)
      .where(sql`${statsFiles.id} > ${after}`)
      .orderBy(asc(statsFiles.id))
      .limit(FILE_BATCH);
    if (batch.length === 0) return counts;
    for (const file of batch) {
      const result = readStatsFile(file.fileName, file.bytes);
      const status = result.ok ? 'imported' : 'quarantined';
      if (status !== file.status)
        changedStatus.push(`${file.fileName}: ${file.status} → ${status}`);
      await tx
        .update(statsFiles)
        .set({
          status,
          errorLine: result.ok ? null : result.line,
          errorReason: result.ok ? null : result.reason,
        })
        .where(eq(statsFiles.id, file.id));
      counts = {
        files: counts.files + 1,
        rounds: counts.rounds + (result.ok ? 1 : 0),
        quarantined: counts.quarantined + (result.ok ? 0 : 1),
      };
      if (!result.ok) continue;
      await insertRound(
        tx,
        file.id,
        file.serverId,
        result.round,
        zones.get(file.serverId) ?? 'UTC',
      );
    }
    after = (batch.at(-1) as { id: number }).id;
  }
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
      .select({ id: rounds.id, startedAt: rounds.startedAt, endedAt: rounds.endedAt })
      .from(rounds);
    const groups = groupSessions(
      timed.map((r) => ({
        id: r.id,
        startedAt: r.startedAt.getTime(),
        endedAt: r.endedAt.getTime(),
        sessionId: null,
      })),
      settings.sessionGapMinutes * 60_000,
    );
    await writeSessions(tx, groups, []);
    await applyPlayerMerges(tx);
    await tx.execute(sql`delete from players p where p.first_seen_at = 'infinity'
      and not exists (select 1 from player_rounds pr where pr.guid = p.guid)`);
    return { ...counts, changedStatus };
  });
}
