import {
  ANNOUNCE_SETTLE_MS,
  announceChannels,
  announcePending,
  communityOfRound,
} from '../announce/announce-round.ts';
import { type Config, recomputeSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { DiscordRest } from '../discord/rest.ts';
import type { ImportOutcome } from '../importer/outcome.ts';
import type { NewAchievement, RecomputeSettings } from '../recompute/index.ts';
import { drainRecomputeQueue, queueHasRounds, queueRecompute } from '../recompute/queue.ts';
import { tellAdminsOfQuarantine } from './quarantine.ts';

/**
 * How long the queue must stay quiet (no round queued) before the post-import recompute starts: an agent
 * catching up, or many servers ending rounds together, send dozens a second, and one recompute after
 * them all costs little more than one for each, and races none of their imports.
 */
export const DRAIN_SETTLE_MS = 1_000;

/** A Worker's background work ends 30 s after its response: the drain stops well before. */
const DRAIN_BUDGET_MS = 20_000;

/**
 * When this isolate's drain started, while it waits or runs (it takes every round queued meanwhile). A
 * drain whose request's background time was cut off never finishes: after DRAIN_STALE_MS another upload
 * takes over (two drains at once only wait on each other's database lock).
 */
let drainingSince: number | null = null;
const DRAIN_STALE_MS = 30_000;
const drainUnderWay = () => drainingSince !== null && Date.now() - drainingSince < DRAIN_STALE_MS;

/**
 * Drains the recompute queue unless this isolate's drain is already under way (one sleeping connection
 * per isolate, not one per upload; the database lock keeps isolates apart). Returns the achievements it
 * unlocked. A round queued just before the drain lowered its flag is not left behind: the drain looks
 * at the queue once more with the flag down, and goes on when no other drain took over.
 */
async function drainOnce(
  db: Database,
  settings: RecomputeSettings,
  now: Date,
  settleMs: number,
): Promise<NewAchievement[]> {
  if (drainUnderWay()) return [];
  drainingSince = Date.now();
  const unlocked: NewAchievement[] = [];
  const started = Date.now();
  const left = () => DRAIN_BUDGET_MS - (Date.now() - started);
  try {
    for (;;) {
      const report = await drainRecomputeQueue(db, settings, now, { settleMs, budgetMs: left() });
      unlocked.push(...report.newAchievements);
      drainingSince = null;
      // Out of time: what is left waits for the next upload's drain or the cron.
      if (report.busy || left() <= 0 || !(await queueHasRounds(db)) || drainUnderWay())
        return unlocked;
      drainingSince = Date.now();
    }
  } catch (error) {
    drainingSince = null;
    throw error;
  }
}

/**
 * What follows a newly imported round, off the response's path: the answers it changes (its session,
 * leaderboards, achievements: queued, then recomputed unless a recompute already running takes it),
 * then every live round summary, map result and round's achievements the configured channels have
 * not had (this round's among them, in file-time order, each once however many uploads run this at
 * once).
 */
export async function afterImport(
  db: Database,
  rest: DiscordRest,
  config: Config,
  outcome: ImportOutcome,
  now: Date,
  settleMs = DRAIN_SETTLE_MS,
  announceSettleMs = ANNOUNCE_SETTLE_MS,
): Promise<void> {
  // An unreadable copy kept as the better one of a conflict is a quarantine too: no copy reads.
  if (
    outcome.status === 'quarantined' ||
    (outcome.status === 'conflict' && outcome.line !== undefined)
  ) {
    await tellAdminsOfQuarantine(
      db,
      rest,
      outcome.status === 'quarantined' ? outcome.fileId : outcome.keptFileId,
      now,
    );
    return;
  }
  if (outcome.status !== 'imported') return;
  const started = Date.now();
  await queueRecompute(db, outcome.roundId, now);
  const unlocked = await drainOnce(db, recomputeSettings(config), now, settleMs);
  const communityId = await communityOfRound(db, outcome.roundId);
  if (communityId === null) return;
  // The drain may have covered other communities' rounds too: their channels are told of those
  // unlocks now, each in its place after the round that unlocked it.
  const communities = new Set([communityId, ...unlocked.map((a) => a.communityId)]);
  const channels = (
    await Promise.all([...communities].map((id) => announceChannels(db, id)))
  ).flat();
  if (channels.length === 0) return; // nowhere to post: no summary is built
  // The drain took a while: the pass's claims and settling are timed from when it starts.
  const passStart = new Date(now.getTime() + (Date.now() - started));
  await announcePending(db, rest, channels, passStart, { settleMs: announceSettleMs });
}
