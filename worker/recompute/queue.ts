import { sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type NewAchievement, type RecomputeSettings, recomputeRounds } from './index.ts';
import { IMPORT_LOCK_KEY, RECOMPUTE_LOCK_KEY } from '../db/locks.ts';

/**
 * Serialization failure, deadlock, or a row its snapshot saw that an import has since deleted: an import
 * committed under the batch's snapshot (it updated a session the batch writes teams for, or regrouped it).
 */
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
  /** Batches an import raced (then recomputed again with imports held off, so each costs one retry). */
  readonly races: number;
}

export interface DrainOptions {
  /** Stop after this long (a Worker's background time is short); what is left waits for the next drain. */
  readonly budgetMs?: number;
  /**
   * Start only once no round has been queued for this long (and again after a batch that emptied the
   * queue): a burst (an agent catching up, many servers ending rounds together) is then recomputed once,
   * after it, the last 30 days and the standings ranked once for all of its rounds, and the recompute
   * does not run beside the imports it would race.
   */
  readonly settleMs?: number;
  /**
   * Wait for a quiet queue at most this long: rounds that never stop coming are still recomputed this
   * often (derived tables stay this fresh during a long burst).
   */
  readonly maxWaitMs?: number;
}

/** How long a drain waits for a quiet queue at most, unless told: derived tables lag a burst by no more. */
export const DRAIN_MAX_WAIT_MS = 8_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the queue holds, as one string: equal twice in a row only when nothing was queued or drained between. */
async function queueState(db: Database): Promise<string> {
  const [row] = await rowsOf<{ n: number; s: string }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(round_id), 0)::text as s from recompute_queue`,
  );
  return `${row?.n}:${row?.s}`;
}

/** Returns once the queue has not changed for `settleMs`, or after `maxWaitMs` however busy it is. */
async function untilQuiet(db: Database, settleMs: number, maxWaitMs: number): Promise<void> {
  if (settleMs <= 0) return;
  const deadline = Date.now() + maxWaitMs;
  let seen = await queueState(db);
  for (;;) {
    await sleep(Math.max(0, Math.min(settleMs, deadline - Date.now())));
    const state = await queueState(db);
    if (state === seen || Date.now() >= deadline) return;
    seen = state;
  }
}

/**
 * One batch, oldest first: null when another drain holds the recompute lock. `withImports`: the batch
 * holds the importer's lock too (imports wait for it), reading committed data that cannot change under
 * it; without, it reads a repeatable-read snapshot while imports go on, and throws if one raced it.
 */
async function drainBatch(
  db: Database,
  settings: RecomputeSettings,
  now: Date,
  withImports: boolean,
): Promise<{ rounds: number; newAchievements: NewAchievement[] } | null> {
  const work = async (tx: Transaction) => {
    // The importer's lock first, as every holder of both takes them.
    if (withImports) await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    const [lock] = await rowsOf<{ got: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${RECOMPUTE_LOCK_KEY}) as got`,
    );
    if (!lock?.got) return null;
    const queued = await rowsOf<{ round_id: number }>(
      tx,
      sql`select round_id from recompute_queue order by queued_at, round_id limit ${BATCH}`,
    );
    if (queued.length === 0) return { rounds: 0, newAchievements: [] };
    const roundIds = queued.map((q) => q.round_id);
    const report = await recomputeRounds(tx, { roundIds, now }, settings);
    await tx.execute(sql`delete from recompute_queue where round_id in ${roundIds}`);
    return { rounds: queued.length, newAchievements: report.newAchievements };
  };
  return withImports
    ? db.transaction(work)
    : db.transaction(work, { isolationLevel: 'repeatable read' });
}

/**
 * Recomputes every queued round, up to BATCH at a time, oldest first, once the queue is quiet, unless
 * another drain is at it: then it returns at once, since that drain keeps going until the queue is empty.
 * A round queued just as that drain finishes is not lost: the drain looks at the queue again after
 * letting go of the lock, and a caller that finds the lock free drains it itself. A batch runs beside
 * imports; one that an import raced is done again at once holding imports off for its length, so a race
 * costs one retry, never a storm of them.
 */
export async function drainRecomputeQueue(
  db: Database,
  settings: RecomputeSettings,
  now: Date,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const { budgetMs = 20_000, settleMs = 0, maxWaitMs = DRAIN_MAX_WAIT_MS } = options;
  const started = Date.now();
  const left = () => budgetMs - (Date.now() - started);
  const newAchievements: NewAchievement[] = [];
  let rounds = 0;
  let races = 0;
  let full = false;
  for (;;) {
    if (!full) await untilQuiet(db, settleMs, Math.max(0, Math.min(maxWaitMs, left())));
    const batch = await drainBatch(db, settings, now, false).catch(async (error: unknown) => {
      // Nothing was written; the rounds stay queued.
      if (!racedAnImport(error)) throw error;
      races++;
      console.warn(
        JSON.stringify({
          level: 'warn',
          event: 'recompute raced an import; again, imports held off',
          races,
        }),
      );
      return drainBatch(db, settings, now, true);
    });
    if (batch === null) return { rounds, newAchievements, busy: true, races };
    rounds += batch.rounds;
    newAchievements.push(...batch.newAchievements);
    full = batch.rounds === BATCH;
    if (batch.rounds === 0 || left() <= 0) return { rounds, newAchievements, busy: false, races };
  }
}
