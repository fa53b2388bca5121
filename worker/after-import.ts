import { achievementsMessage } from './announce/achievements.ts';
import { postToChannels, roundAnnouncements } from './announce/announce-round.ts';
import { type Config, recomputeSettings } from './config.ts';
import type { Database } from './db/database.ts';
import type { DiscordRest } from './discord/rest.ts';
import type { ImportOutcome } from './importer/outcome.ts';
import { drainRecomputeQueue, queueRecompute } from './recompute/queue.ts';

/**
 * What follows a newly imported round, off the response's path: the answers it changes (its session,
 * leaderboards, achievements: queued, then recomputed unless a recompute already running takes it), then,
 * for a live round, its summary, the map result and new achievements in the configured channels.
 */
export async function afterImport(db: Database, rest: DiscordRest, config: Config, outcome: ImportOutcome, now: Date): Promise<void> {
  if (outcome.status !== 'imported') return;
  await queueRecompute(db, outcome.roundId, now);
  const drained = await drainRecomputeQueue(db, recomputeSettings(config), now);
  const messages = await roundAnnouncements(db, outcome, now);
  const achievements = achievementsMessage(drained.newAchievements, now);
  await postToChannels(db, rest, achievements ? [...messages, achievements] : messages);
}
