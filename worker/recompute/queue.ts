import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type NewAchievement, type RecomputeSettings, recomputeRounds } from './index.ts';
import { RECOMPUTE_LOCK_KEY } from '../db/locks.ts';

/** How often a drain starts over after an import changed what its snapshot saw. */
const MAX_RACES = 5;

/** Serialization failure, deadlock, or a row its snapshot saw that an import has since deleted. */
function racedAnImport(error: unknown): boolean {
  const code =
    (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  return code === '40001' || code === '40P01' || code === '23503';
}

/** Rounds recomputed together per transaction: a failure loses at most this much work, and the lock is let go often. */
const BATCH = 50;

/** Whether any round waits for its recompute. */
export async function queueHasRounds(db: Database): Promise<boolean> {
  const [row] = await rowsOf<{ any: boolean }>(
    db,
    sql`select exists (select 1 from recompute_queue) as any`,
  );
  return row?.any ?? false;
}

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

export interface DrainOptions {
  /** Stop after this long (a Worker's background time is short); what is left waits for the next drain. */
  readonly budgetMs?: number;
  /**
   * Wait this long before the first batch and after a batch that emptied the queue, lock let go: rounds
   * imported meanwhile (a burst, an agent catching up) are then recomputed together, the last 30 days and
   * the standings ranked once for all of them.
   */
  readonly settleMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Recomputes every queued round, up to BATCH at a time, oldest first, unless another drain is at it:
 * then it returns at once, since that drain keeps going until the queue is empty. A round queued just as
 * that drain finishes is not lost: the drain looks at the queue again after letting go of the lock, and
 * a caller that finds the lock free drains it itself.
 */
export async function drainRecomputeQueue(
  db: Database,
  settings: RecomputeSettings,
  now: Date,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const { budgetMs = 20_000, settleMs = 0 } = options;
  const started = Date.now();
  const newAchievements: NewAchievement[] = [];
  let rounds = 0;
  let races = 0;
  let full = false;
  for (;;) {
    if (settleMs > 0 && !full) await sleep(settleMs);
    const batch = await db
      .transaction(
        async (tx) => {
          const [lock] = await rowsOf<{ got: boolean }>(
            tx,
            sql`select pg_try_advisory_xact_lock(${RECOMPUTE_LOCK_KEY}) as got`,
          );
          if (!lock?.got) return null;
          const queued = await rowsOf<{ round_id: number }>(
            tx,
            sql`select round_id from recompute_queue order by queued_at, round_id limit ${BATCH}`,
          );
          if (queued.length > 0) {
            const roundIds = queued.map((q) => q.round_id);
            newAchievements.push(
              ...(await recomputeRounds(tx, { roundIds, now }, settings)).newAchievements,
            );
            await tx.execute(sql`delete from recompute_queue where round_id in ${roundIds}`);
          }
          return queued.length;
        },
        { isolationLevel: 'repeatable read' },
      )
      .catch((error: unknown) => {
        // An import that regrouped sessions under this snapshot: nothing was written; the rounds stay queued.
        if (!racedAnImport(error) || ++races > MAX_RACES) throw error;
        console.warn(
          JSON.stringify({
            level: 'warn',
            event: 'recompute raced an import; trying again',
            races,
          }),
        );
        return -1;
      });
    if (batch === -1) continue;
    if (batch === null) return { rounds, newAchievements, busy: true };
    rounds += batch;
    full = batch === BATCH;
    if (batch === 0 || Date.now() - started > budgetMs)
      return { rounds, newAchievements, busy: false };
  }
}
