import { and, asc, eq, sql } from 'drizzle-orm';
import { playerAchievements, rounds, statsFiles } from '../../schema/index.ts';
import { ACHIEVEMENT_BY_ID, type Achievement } from '../../stats/achievements.ts';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { escapeFor, escapeMarkdown } from '../discord/markdown.ts';
import type { DiscordMessage } from '../discord/message.ts';

/** At most this many unlocks are listed in one message (a first full recompute unlocks hundreds). */
const MAX_LISTED = 20;

/** One player's unlock, as an announcement lists it. */
export interface AnnouncedUnlock {
  readonly guid: string;
  readonly name: string;
  readonly achievement: Achievement;
}

/**
 * The achievements that the round read from stats file `fileId` unlocked in `communityId`, as
 * stored now (a recompute that ran after the round's summary was posted adds them).
 */
export async function unlocksOfRound(
  db: Queryable,
  communityId: number,
  fileId: number,
): Promise<AnnouncedUnlock[]> {
  const rows = await db
    .select({
      guid: playerAchievements.guid,
      name: sql<string>`${shownName(sql`${playerAchievements.guid}`, communityId)}`,
      achievement: playerAchievements.achievement,
    })
    .from(playerAchievements)
    .where(
      and(eq(playerAchievements.communityId, communityId), eq(playerAchievements.fileId, fileId)),
    )
    .orderBy(asc(playerAchievements.guid), asc(playerAchievements.achievement));
  return rows.flatMap((r) => {
    const achievement = ACHIEVEMENT_BY_ID.get(r.achievement);
    return achievement ? [{ guid: r.guid, name: r.name ?? '', achievement }] : [];
  });
}

/**
 * The message announcing what one round unlocked, naming the round (its map, number and file) so
 * that it reads as the sequel of that round's summary. Undefined when there is nothing to say.
 */
export function achievementsMessage(
  unlocked: readonly AnnouncedUnlock[],
  round: { readonly map: string; readonly round: number; readonly file: string },
): DiscordMessage | undefined {
  if (unlocked.length === 0) return undefined;
  const lines = unlocked
    .slice(0, MAX_LISTED)
    .map(
      (a) =>
        `🏆 **${escapeMarkdown(a.name) || a.guid}** unlocked **${a.achievement.title}**: ${a.achievement.description}`,
    );
  if (unlocked.length > MAX_LISTED) lines.push(`…and ${unlocked.length - MAX_LISTED} more.`);
  return {
    embeds: [
      {
        title: unlocked.length === 1 ? 'Achievement unlocked' : 'Achievements unlocked',
        description: lines.join('\n'),
        color: 0xe8b339,
        footer: {
          text: `Round ${round.round} · ${escapeFor('footer', round.map)} · ${round.file}`,
        },
      },
    ],
  };
}

/** The achievements message of the round read from `fileId`; null when it is gone or unlocked nothing. */
export async function roundAchievementsMessage(
  db: Queryable,
  communityId: number,
  fileId: number,
): Promise<DiscordMessage | null> {
  const [round] = await db
    .select({ map: rounds.map, round: rounds.round, file: statsFiles.fileName })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .where(eq(rounds.fileId, fileId));
  if (!round) return null;
  return achievementsMessage(await unlocksOfRound(db, communityId, fileId), round) ?? null;
}
