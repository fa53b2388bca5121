import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { type TrackedGuild, trackedGuilds } from '../queries/voice.ts';
import { updateEvening } from './voice-evening.ts';

/**
 * Voice states asked per guild per minute. Discord has no REST call that lists a channel's members, so
 * the cron asks member by member; 20 a minute stays far inside the per-route limits (and it stops sooner
 * when Discord's headers say the bucket is empty).
 */
export const VOICE_POLLS_PER_GUILD = 20;
/** "Active lately": linked players who played a round in the last 30 days (or are in voice now). */
export const ACTIVE_DAYS = 30;

export interface VoiceReport {
  readonly guilds: number;
  readonly asked: number;
  readonly failures: number;
  /** Scopes skipped or stopped for a rate limit this minute (`global` or guild ids). */
  readonly paused: string[];
}

async function pausedUntil(db: Queryable, scope: string, now: Date): Promise<Date | null> {
  const [row] = await rowsOf<{ until: string }>(
    db,
    sql`select to_json(until)#>>'{}' as until from voice_pauses where scope = ${scope} and until > ${now}`,
  );
  return row ? new Date(row.until) : null;
}

/** Records a pause; a longer one already there stays. */
async function pause(db: Queryable, scope: string, until: Date, reason: string): Promise<void> {
  await db.execute(sql`
    insert into voice_pauses (scope, until, reason) values (${scope}, ${until}, ${reason})
    on conflict (scope) do update set
      until = greatest(voice_pauses.until, excluded.until),
      reason = case when excluded.until >= voice_pauses.until then excluded.reason else voice_pauses.reason end`);
}

/**
 * Whom to ask this minute: members with an open stay first (a stay must be closed when they leave), then
 * the linked players active lately, least recently asked first, so a community larger than the bound is
 * covered in turn.
 */
async function candidates(db: Queryable, guild: TrackedGuild, now: Date): Promise<string[]> {
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000);
  const rows = await rowsOf<{ user_id: string }>(
    db,
    sql`
    select l.user_id,
      exists (select 1 from voice_presence o where o.guild_id = ${guild.guildId}
        and o.user_id = l.user_id and o.ended_at is null) as open
    from discord_links l join players p on p.guid = l.guid
    left join voice_polls q on q.guild_id = ${guild.guildId} and q.user_id = l.user_id
    where l.community_id = ${guild.communityId} and (p.last_seen_at >= ${since} or exists (
      select 1 from voice_presence o where o.guild_id = ${guild.guildId}
        and o.user_id = l.user_id and o.ended_at is null))
    order by open desc, q.polled_at asc nulls first, l.user_id
    limit ${VOICE_POLLS_PER_GUILD}`,
  );
  return rows.map((r) => r.user_id);
}

/** Opens, extends or closes the member's stay after Discord said where they are (null: nowhere). */
export async function recordVoiceState(
  db: Queryable,
  guildId: string,
  userId: string,
  channelId: string | null,
  now: Date,
): Promise<void> {
  await db.execute(sql`
    insert into voice_polls (guild_id, user_id, polled_at) values (${guildId}, ${userId}, ${now})
    on conflict (guild_id, user_id) do update set polled_at = excluded.polled_at`);
  const [open] = await rowsOf<{ id: number; channel_id: string }>(
    db,
    sql`select id, channel_id from voice_presence
      where guild_id = ${guildId} and user_id = ${userId} and ended_at is null`,
  );
  if (open && open.channel_id === channelId) {
    await db.execute(sql`update voice_presence set last_seen_at = ${now} where id = ${open.id}`);
    return;
  }
  if (open)
    await db.execute(sql`update voice_presence set ended_at = ${now} where id = ${open.id}`);
  if (channelId !== null)
    await db.execute(sql`
      insert into voice_presence (guild_id, user_id, channel_id, started_at, last_seen_at)
      values (${guildId}, ${userId}, ${channelId}, ${now}, ${now})
      on conflict (guild_id, user_id) where ended_at is null do nothing`);
}

/**
 * The minute cron's voice part: for each guild with tracking on, asks Discord where its linked players
 * active lately are (at most VOICE_POLLS_PER_GUILD), records their stays, then starts or ends the guild's
 * evening. A 429 pauses that guild until Retry-After (a global one pauses every guild); a bucket left
 * at zero by `X-RateLimit-Remaining` pauses the guild until `X-RateLimit-Reset-After`. A failed answer
 * changes nothing: the member is asked again next minute.
 */
export async function pollVoice(db: Database, rest: DiscordRest, now: Date): Promise<VoiceReport> {
  const guilds = await trackedGuilds(db);
  const paused: string[] = [];
  let asked = 0;
  let failures = 0;
  for (const guild of guilds) {
    if (await pausedUntil(db, 'global', now)) {
      paused.push('global');
      break;
    }
    if (await pausedUntil(db, guild.guildId, now)) paused.push(guild.guildId);
    else {
      for (const userId of await candidates(db, guild, now)) {
        const state = await rest.getVoiceState(guild.guildId, userId);
        asked++;
        if (state.kind === 'limited') {
          const scope = state.global ? 'global' : guild.guildId;
          const until = new Date(now.getTime() + state.retryAfterMs);
          await pause(db, scope, until, `429 from Discord, Retry-After ${state.retryAfterMs} ms`);
          paused.push(scope);
          break;
        }
        if (state.kind === 'failed') {
          failures++;
          continue;
        }
        await recordVoiceState(
          db,
          guild.guildId,
          userId,
          state.kind === 'in' ? state.channelId : null,
          now,
        );
        if (state.remaining === 0) {
          const until = new Date(now.getTime() + (state.resetAfterMs ?? 1000));
          await pause(db, guild.guildId, until, 'X-RateLimit-Remaining reached 0');
          paused.push(guild.guildId);
          break;
        }
      }
    }
    await updateEvening(db, rest, guild, now);
  }
  return { guilds: guilds.length, asked, failures, paused };
}
