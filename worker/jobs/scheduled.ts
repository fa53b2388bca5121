import { type Config, recomputeSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import { pruneRateLimitBuckets } from '../permissions/rate-limit.ts';
import { pruneInteractionReceipts } from '../permissions/receipts.ts';
import { recomputeAll, refreshClockPeriods } from '../recompute/index.ts';
import { drainRecomputeQueue } from '../recompute/queue.ts';

/** The nightly cron (wrangler.toml): a full recompute; every other trigger only moves the clock-bound periods. */
export const FULL_RECOMPUTE_CRON = '17 4 * * *';

/**
 * The Worker's cron trigger. "Last 30 days" and the current season move with the clock even when no
 * round arrives; the nightly full recompute heals anything an interrupted post-import step left behind.
 * Running either twice changes nothing.
 */
export async function runScheduled(cron: string, db: Database, config: Config, now: Date) {
  const settings = recomputeSettings(config);
  await pruneInteractionReceipts(db, now); // past the signature's window: a replay is refused as stale
  if (cron !== FULL_RECOMPUTE_CRON) {
    await drainRecomputeQueue(db, settings, now); // rounds whose post-import step was cut short
    return refreshClockPeriods(db, settings, now);
  }
  await pruneRateLimitBuckets(db, now); // idle buckets start full when next seen: dropping them changes nothing
  return recomputeAll(db, settings, now);
}
