import { and, eq, isNotNull } from 'drizzle-orm';
import { communityGuilds, gameServers, guildSettings, rounds } from '../../schema/index.ts';
import type { Database } from '../db/database.ts';
import type { DiscordMessage } from '../discord/message.ts';
import type { DiscordRest } from '../discord/rest.ts';
import type { ImportOutcome } from '../importer/outcome.ts';
import { roundViews } from '../queries/round-view.ts';
import { mapSummary, roundSummary } from './round-summary.ts';

/** Only rounds played this recently are announced: a backfill of last month's files stays quiet. */
export const ANNOUNCE_WITHIN_MS = 60 * 60 * 1000;

/** The channels configured with `/admin channel` in the guilds bound to the community (one per guild). */
export async function announceChannels(db: Database, communityId: number): Promise<string[]> {
  const rows = await db
    .select({ channel: guildSettings.announceChannelId })
    .from(guildSettings)
    .innerJoin(communityGuilds, eq(communityGuilds.guildId, guildSettings.guildId))
    .where(
      and(isNotNull(guildSettings.announceChannelId), eq(communityGuilds.communityId, communityId)),
    );
  return rows.map((r) => r.channel as string);
}

/** The community a stored round counts in (its server's). */
export async function communityOfRound(db: Database, roundId: number): Promise<number | null> {
  const [row] = await db
    .select({ communityId: gameServers.communityId })
    .from(rounds)
    .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
    .where(eq(rounds.id, roundId));
  return row?.communityId ?? null;
}

/** What to post after an import: the round's summary and, once both rounds of a map are in, the map result. */
export async function roundAnnouncements(
  db: Database,
  outcome: ImportOutcome,
  now: Date,
): Promise<DiscordMessage[]> {
  if (outcome.status !== 'imported') return [];
  const [round] = await roundViews(db, 'any', [outcome.roundId]);
  if (!round || now.getTime() - Date.parse(round.ended_at) > ANNOUNCE_WITHIN_MS) return [];
  const messages = [roundSummary(round)];
  if (outcome.matchId !== null) {
    const [match] = await db.query.matches.findMany({
      where: (m, { eq }) => eq(m.id, outcome.matchId as number),
      limit: 1,
    });
    if (match?.round2Id) {
      const [one, two] = await roundViews(db, 'any', [match.round1Id, match.round2Id]);
      if (one && two) messages.push(mapSummary(one, two));
    }
  }
  return messages;
}

/** Posts `messages` to `channels`; a failure is logged, never thrown (the import stands). */
export async function postToChannels(
  rest: DiscordRest,
  channels: readonly string[],
  messages: readonly DiscordMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  let posted = 0;
  for (const channel of channels) {
    for (const message of messages) {
      const result = await rest.postChannelMessage(channel, message);
      if (result.ok) posted++;
      else
        console.error(
          JSON.stringify({
            level: 'warn',
            msg: 'round announcement not posted',
            channel,
            status: result.status,
            reason: result.reason,
          }),
        );
    }
  }
  return posted;
}
