import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { clipText, LIMITS } from '../discord/limits.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { DiscordMessage } from '../discord/message.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { readGuildConfig } from '../permissions/guild-settings.ts';
import {
  linkedBetween,
  linkedInChannels,
  type SessionPlayed,
  sessionsDuring,
  type TrackedGuild,
  trackedChannels,
  type VoiceMember,
} from '../queries/voice.ts';

/** Nobody in the channels for this long: the evening is over (a short break does not end it). */
export const EVENING_END_AFTER_MS = 30 * 60_000;
/** "Once per evening": no second "starting" post within this long of the last one's start. */
export const EVENING_MIN_GAP_MS = 12 * 3_600_000;
/** A post Discord refused is tried again each minute, for this long. */
const POST_RETRY_MS = 60 * 60_000;
const COLOUR = 0x5865f2;

interface EveningRow {
  id: number;
  started_at: string;
  last_active_at: string;
  ended_at: string | null;
  peak: number;
  start_posted_at: string | null;
  end_posted_at: string | null;
}

const names = (members: readonly VoiceMember[]) =>
  members.map((m) => escapeMarkdown(m.name)).join(', ');

export function startingMessage(members: readonly VoiceMember[]): DiscordMessage {
  return {
    embeds: [
      {
        title: 'Session starting',
        description: clipText(
          `${members.length} players in voice: ${names(members)}`,
          LIMITS.description,
        ),
        color: COLOUR,
      },
    ],
  };
}

function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

export function endMessage(
  evening: { startedAt: Date; endedAt: Date; peak: number },
  attended: readonly VoiceMember[],
  played: readonly SessionPlayed[],
): DiscordMessage {
  const sessions = played.map((s) => {
    const result =
      s.teamAMaps === null || s.teamBMaps === null
        ? ''
        : `, team A ${s.teamAMaps}–${s.teamBMaps} team B`;
    return `Session ${s.id} on ${escapeMarkdown(s.server)}: ${s.maps} map${s.maps === 1 ? '' : 's'}${result} · \`/session session:${s.id}\``;
  });
  return {
    embeds: [
      {
        title: 'Session over',
        description: clipText(
          [
            `${duration(evening.endedAt.getTime() - evening.startedAt.getTime())} in voice, up to ${evening.peak} players.`,
            `In voice: ${names(attended) || 'nobody linked'}`,
            ...(sessions.length > 0 ? ['', ...sessions] : ['', 'No round was recorded meanwhile.']),
          ].join('\n'),
          LIMITS.description,
        ),
        color: COLOUR,
      },
    ],
  };
}

async function post(
  db: Queryable,
  rest: DiscordRest,
  guildId: string,
  message: DiscordMessage,
  nonce: string,
): Promise<boolean> {
  const channelId = (await readGuildConfig(db, guildId)).announceChannelId;
  if (channelId === null) return true; // nowhere to post: nothing to retry
  return (await rest.postChannelMessage(channelId, message, { nonce })).ok;
}

/**
 * The guild's evening after this minute's voice states: it starts (and "Session starting" is posted in
 * the announcement channel) when `min_players` linked players are in the tracked channels, at most once
 * per EVENING_MIN_GAP_MS; it ends EVENING_END_AFTER_MS after the channels emptied, with a summary of who
 * was there and the sessions played meanwhile. Each post is made once (nonce), retried while refused.
 */
export async function updateEvening(
  db: Queryable,
  rest: DiscordRest,
  guild: TrackedGuild,
  now: Date,
): Promise<'started' | 'ended' | null> {
  const channels = trackedChannels(guild.settings);
  const inVoice = await linkedInChannels(db, guild.communityId, guild.guildId, channels);
  const [latest] = await rowsOf<EveningRow>(
    db,
    sql`select id, to_json(started_at)#>>'{}' as started_at, to_json(last_active_at)#>>'{}' as last_active_at,
      to_json(ended_at)#>>'{}' as ended_at, peak, to_json(start_posted_at)#>>'{}' as start_posted_at,
      to_json(end_posted_at)#>>'{}' as end_posted_at
      from voice_evenings where guild_id = ${guild.guildId} order by started_at desc limit 1`,
  );
  const t = now.getTime();
  if (latest && latest.ended_at === null) {
    const id = Number(latest.id);
    if (inVoice.length > 0) {
      await db.execute(sql`update voice_evenings set last_active_at = ${now},
        peak = greatest(peak, ${inVoice.length}) where id = ${id}`);
      if (latest.start_posted_at === null && t - Date.parse(latest.started_at) < POST_RETRY_MS)
        await postStart(db, rest, guild.guildId, id, inVoice, now);
      return null;
    }
    if (t - Date.parse(latest.last_active_at) < EVENING_END_AFTER_MS) return null;
    await db.execute(sql`update voice_evenings set ended_at = last_active_at where id = ${id}`);
    await postEnd(db, rest, guild, { ...latest, id, ended_at: latest.last_active_at }, now);
    return 'ended';
  }
  const ended = latest?.ended_at ?? null;
  if (latest && ended !== null && latest.end_posted_at === null)
    if (t - Date.parse(ended) < POST_RETRY_MS)
      await postEnd(db, rest, guild, { ...latest, id: Number(latest.id), ended_at: ended }, now);
  if (inVoice.length < guild.settings.minPlayers) return null;
  if (latest && t - Date.parse(latest.started_at) < EVENING_MIN_GAP_MS) return null;
  const [created] = await rowsOf<{ id: number }>(
    db,
    sql`insert into voice_evenings (guild_id, started_at, last_active_at, peak)
      values (${guild.guildId}, ${now}, ${now}, ${inVoice.length}) returning id`,
  );
  await postStart(db, rest, guild.guildId, Number(created?.id), inVoice, now);
  return 'started';
}

async function postStart(
  db: Queryable,
  rest: DiscordRest,
  guildId: string,
  id: number,
  inVoice: readonly VoiceMember[],
  now: Date,
): Promise<void> {
  if (await post(db, rest, guildId, startingMessage(inVoice), `voice-start-${id}`))
    await db.execute(sql`update voice_evenings set start_posted_at = ${now} where id = ${id}`);
}

async function postEnd(
  db: Queryable,
  rest: DiscordRest,
  guild: TrackedGuild,
  evening: EveningRow & { ended_at: string },
  now: Date,
): Promise<void> {
  const startedAt = new Date(evening.started_at);
  const endedAt = new Date(evening.ended_at);
  const channels = trackedChannels(guild.settings);
  const attended = await linkedBetween(
    db,
    guild.communityId,
    guild.guildId,
    channels,
    startedAt,
    endedAt,
  );
  const played = await sessionsDuring(db, guild.communityId, startedAt, endedAt);
  const message = endMessage({ startedAt, endedAt, peak: evening.peak }, attended, played);
  if (await post(db, rest, guild.guildId, message, `voice-end-${evening.id}`))
    await db.execute(
      sql`update voice_evenings set end_posted_at = ${now} where id = ${evening.id}`,
    );
}
