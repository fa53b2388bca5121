import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type NewAchievement, type RecomputeSettings, recomputeRound } from './index.ts';
import { RECOMPUTE_LOCK_KEY } from './lock.ts';

/** Rounds recomputed per transaction: a failure loses at most this much work, and the lock is let go often. */
const BATCH = 10;

/** Queues an imported round's recompute (idempotent). */
export async function queueRecompute(db: Database, roundId: number, now: Date): Promise<void> {
  await db.execute(sql`insert into recompute_queue (round_id, queued_at) values (${roundId}, ${now.toISOString()}::timestamptz)
    on conflict (round_id) do nothing`);
}

export interface DrainReport {
  readonly rounds: number;
  readonly newAchievements: NewAchievement[];
  /** Whether another drain held the lock (it takes this caller's rounds too). */
  readonly busy: boolean;
}

/**
 * Recomputes every queued round, oldest first, unless another drain is at it: then it returns at once,
 * since that drain keeps going until the queue is empty. A round queued just as that drain finishes is
 * not lost: the drain looks at the queue again after letting go of the lock, and a caller that finds
 * the lock free drains it itself. Stops after `budgetMs` (a Worker's background time is short); what is
 * left waits for the next import or the cron.
 */
export async function drainRecomputeQueue(db: Database, settings: RecomputeSettings, now: Date, budgetMs = 20_000): Promise<DrainReport> {
  const started = Date.now();
  const newAchievements: NewAchievement[] = [];
  let rounds = 0;
  for (;;) {
    const batch = await db.transaction(
      async (tx) => {
        const [lock] = await rowsOf<{ got: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${RECOMPUTE_LOCK_KEY}) as got`);
        if (!lock?.got) return null;
        const queued = await rowsOf<{ round_id: number }>(tx, sql`select round_id from recompute_queue order by queued_at, round_id limit ${BATCH}`);
        for (const { round_id } of queued) newAchievements.push(...(await recomputeRound(tx, { roundId: round_id, now }, settings)).newAchievements);
        if (queued.length > 0) await tx.execute(sql`delete from recompute_queue where round_id in ${queued.map((q) => q.round_id)}`);
        return queued.length;
      },
      { isolationLevel: 'repeatable read' },
    );
    if (batch === null) return { rounds, newAchievements, busy: true };
    rounds += batch;
    if (batch === 0 || Date.now() - started > budgetMs) return { rounds, newAchievements, busy: false };
  }
}
