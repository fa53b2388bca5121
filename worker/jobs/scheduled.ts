import { announceChannels, announcePending } from '../announce/announce-round.ts';
import { adminChannels, announceQuarantined } from '../announce/quarantine-notice.ts';
import { type Config, recomputeSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { pruneRateLimitBuckets } from '../permissions/rate-limit.ts';
import { pruneInteractionReceipts } from '../permissions/receipts.ts';
import { recomputeAll, refreshClockPeriods } from '../recompute/index.ts';
import { drainRecomputeQueue } from '../recompute/queue.ts';
import { announceMapStarts } from '../announce/map-started.ts';
import { expireServerCommands } from './server-commands.ts';
import { pollVoice, type VoiceReport } from './voice-poll.ts';

/** The nightly cron (wrangler.toml): a full recompute. */
export const FULL_RECOMPUTE_CRON = '17 4 * * *';
/** The minute cron (wrangler.toml): voice presence, and the quarter-hour work on minutes 0, 15, 30, 45. */
export const MINUTE_CRON = '* * * * *';
/** The quarter-hour trigger as it was before the minute one: still understood, for older deployments. */
export const QUARTER_HOUR_CRON = '*/15 * * * *';

export type RecomputeReport = Awaited<ReturnType<typeof refreshClockPeriods>>;

export interface ScheduledReport {
  readonly recompute: RecomputeReport | null;
  readonly voice: VoiceReport | null;
}

/** Whether this trigger does the quarter-hour work (Cloudflare fires one trigger per cron expression). */
export function quarterHourDue(cron: string, at: Date): boolean {
  return cron === QUARTER_HOUR_CRON || (cron === MINUTE_CRON && at.getUTCMinutes() % 15 === 0);
}

/**
 * The Worker's cron triggers. Every minute: voice presence (guilds with `/admin voice` on), expired server
 * commands, "map started" posts a snapshot's own pass could not make. Every quarter
 * hour: "last 30 days" and the current season move with the clock even when no round arrives, and what
 * a failed post or a cut-off upload left unannounced is posted. Nightly: the full recompute heals anything
 * an interrupted post-import step left behind. Running any of them twice changes nothing.
 */
export async function runScheduled(
  cron: string,
  db: Database,
  config: Config,
  now: Date,
  rest: DiscordRest,
): Promise<ScheduledReport> {
  const settings = recomputeSettings(config);
  if (cron === FULL_RECOMPUTE_CRON) {
    await pruneInteractionReceipts(db, now); // past the signature's window: a replay is refused as stale
    await pruneRateLimitBuckets(db, now); // idle buckets start full when next seen: dropping them changes nothing
    return { recompute: await recomputeAll(db, settings, now), voice: null };
  }
  const voice = cron === MINUTE_CRON ? await pollVoice(db, rest, now) : null;
  if (cron === MINUTE_CRON) {
    // Expired while no agent fetched them: audited now, not when the agent next asks.
    await expireServerCommands(db, now);
    await announceMapStarts(db, rest, now); // what a failed post after a snapshot left behind
  }
  if (!quarterHourDue(cron, now)) return { recompute: null, voice };
  await pruneInteractionReceipts(db, now);
  await drainRecomputeQueue(db, settings, now); // rounds whose post-import step was cut short
  const recompute = await refreshClockPeriods(db, settings, now);
  const channels = await announceChannels(db);
  if (channels.length > 0) await announcePending(db, rest, channels, now);
  const admins = await adminChannels(db);
  if (admins.length > 0) await announceQuarantined(db, rest, admins, now);
  return { recompute, voice };
}
