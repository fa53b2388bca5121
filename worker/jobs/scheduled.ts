import { announceChannels, announcePending } from '../announce/announce-round.ts';
import { adminChannels, announceQuarantined } from '../announce/quarantine-notice.ts';
import { type Config, recomputeSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { pruneRateLimitBuckets } from '../permissions/rate-limit.ts';
import { pruneInteractionReceipts } from '../permissions/receipts.ts';
import { recomputeAll, refreshClockPeriods } from '../recompute/index.ts';
import { drainRecomputeQueue } from '../recompute/queue.ts';

/** The nightly cron (wrangler.toml): a full recompute; every other trigger only moves the clock-bound periods. */
export const FULL_RECOMPUTE_CRON = '17 4 * * *';

/**
 * The Worker's cron trigger. "Last 30 days" and the current season move with the clock even when no
 * round arrives; the nightly full recompute heals anything an interrupted post-import step left behind.
 * The quarter-hourly one also posts what a failed post or a cut-off upload left unannounced, and
 * the quarantine notices a failed post left untold.
 * Running either twice changes nothing.
 */
export async function runScheduled(
  cron: string,
  db: Database,
  config: Config,
  now: Date,
  rest: DiscordRest,
) {
  const settings = recomputeSettings(config);
  await pruneInteractionReceipts(db, now); // past the signature's window: a replay is refused as stale
  if (cron !== FULL_RECOMPUTE_CRON) {
    await drainRecomputeQueue(db, settings, now); // rounds whose post-import step was cut short
    const report = await refreshClockPeriods(db, settings, now);
    const channels = await announceChannels(db);
    if (channels.length > 0) await announcePending(db, rest, channels, now);
    const admins = await adminChannels(db);
    if (admins.length > 0) await announceQuarantined(db, rest, admins, now);
    return report;
  }
  await pruneRateLimitBuckets(db, now); // idle buckets start full when next seen: dropping them changes nothing
  return recomputeAll(db, settings, now);
}
