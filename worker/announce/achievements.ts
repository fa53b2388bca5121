import type { DiscordMessage } from '../discord/message.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { NewAchievement } from '../recompute/achievements.ts';
import { ANNOUNCE_WITHIN_MS } from './announce-round.ts';

/** At most this many unlocks are listed in one message (a first full recompute unlocks hundreds). */
const MAX_LISTED = 20;

/**
 * The message announcing achievements unlocked by live rounds (unlocks older than the announcement
 * window, from a backfill, stay quiet). Undefined when there is nothing to say.
 */
export function achievementsMessage(
  unlocked: readonly NewAchievement[],
  now: Date,
): DiscordMessage | undefined {
  const live = unlocked.filter((a) => now.getTime() - a.unlockedAt.getTime() <= ANNOUNCE_WITHIN_MS);
  if (live.length === 0) return undefined;
  const lines = live
    .slice(0, MAX_LISTED)
    .map(
      (a) =>
        `🏆 **${escapeMarkdown(a.name) || a.guid}** unlocked **${a.achievement.title}**: ${a.achievement.description}`,
    );
  if (live.length > MAX_LISTED) lines.push(`…and ${live.length - MAX_LISTED} more.`);
  return {
    embeds: [
      {
        title: live.length === 1 ? 'Achievement unlocked' : 'Achievements unlocked',
        description: lines.join('\n'),
        color: 0xe8b339,
      },
    ],
  };
}
