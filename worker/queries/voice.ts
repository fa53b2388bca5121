import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { shownName } from '../db/scopes.ts';

/** A guild's voice tracking as `/admin voice` set it (the defaults when it never was). */
export interface VoiceSettings {
  readonly guildId: string;
  readonly enabled: boolean;
  readonly channelIds: readonly string[];
  readonly teamAChannelId: string | null;
  readonly teamBChannelId: string | null;
  readonly minPlayers: number;
}

export const DEFAULT_MIN_PLAYERS = 6;

/** A guild with tracking on, and the community its linked players are read from. */
export interface TrackedGuild {
  readonly guildId: string;
  readonly communityId: number;
  readonly settings: VoiceSettings;
}

interface SettingsRow {
  enabled: boolean;
  channel_ids: string[];
  team_a_channel_id: string | null;
  team_b_channel_id: string | null;
  min_players: number;
}

const settingsColumns = sql`vs.enabled, vs.channel_ids, vs.team_a_channel_id, vs.team_b_channel_id, vs.min_players`;

const settingsOf = (guildId: string, row: SettingsRow | undefined): VoiceSettings => ({
  guildId,
  enabled: row?.enabled ?? false,
  channelIds: row?.channel_ids ?? [],
  teamAChannelId: row?.team_a_channel_id ?? null,
  teamBChannelId: row?.team_b_channel_id ?? null,
  minPlayers: row?.min_players ?? DEFAULT_MIN_PLAYERS,
});

export async function readVoiceSettings(db: Queryable, guildId: string): Promise<VoiceSettings> {
  const [row] = await rowsOf<SettingsRow>(
    db,
    sql`select ${settingsColumns} from voice_settings vs where vs.guild_id = ${guildId}`,
  );
  return settingsOf(guildId, row);
}

/** The guilds with tracking on, each with its bound community. */
export async function trackedGuilds(db: Queryable): Promise<TrackedGuild[]> {
  const rows = await rowsOf<SettingsRow & { guild_id: string; community_id: number }>(
    db,
    sql`select vs.guild_id, cg.community_id, ${settingsColumns}
      from voice_settings vs join community_guilds cg on cg.guild_id = vs.guild_id
      where vs.enabled order by vs.guild_id`,
  );
  return rows.map((r) => ({
    guildId: r.guild_id,
    communityId: Number(r.community_id),
    settings: settingsOf(r.guild_id, r),
  }));
}

/** Every channel that counts as "in voice for the game": the listed ones and the two team channels. */
export function trackedChannels(settings: VoiceSettings): string[] {
  const all = [...settings.channelIds, settings.teamAChannelId, settings.teamBChannelId];
  return [...new Set(all.filter((id): id is string => id !== null))];
}

export interface VoiceMember {
  readonly userId: string;
  readonly guid: string;
  readonly name: string;
}

export interface Attendee {
  readonly guid: string;
  readonly name: string;
  /** Minutes in the tracked voice channels while the session was played. */
  readonly minutes: number;
}

/**
 * Who was in voice during a session: linked players whose stays in a tracked channel of a guild bound to
 * the community overlap the session's first-round start to last-round end, longest first.
 */
export async function sessionAttendance(
  db: Queryable,
  communityId: number,
  sessionId: number,
): Promise<Attendee[]> {
  const rows = await rowsOf<{ guid: string; name: string; seconds: number }>(
    db,
    sql`
    with s as (
      select gs.started_at, gs.ended_at from gaming_sessions gs join game_servers g on g.id = gs.server_id
      where gs.id = ${sessionId} and g.community_id = ${communityId})
    select l.guid, ${shownName(sql`l.guid`, communityId)} as name,
      sum(extract(epoch from least(coalesce(vp.ended_at, s.ended_at), s.ended_at)
        - greatest(vp.started_at, s.started_at)))::float8 as seconds
    from s
    join community_guilds cg on cg.community_id = ${communityId}
    join voice_settings vs on vs.guild_id = cg.guild_id
    join voice_presence vp on vp.guild_id = cg.guild_id
      and (vp.channel_id in (vs.team_a_channel_id, vs.team_b_channel_id) or vs.channel_ids @> jsonb_build_array(vp.channel_id))
      and vp.started_at <= s.ended_at and coalesce(vp.ended_at, 'infinity') >= s.started_at
    join discord_links l on l.community_id = ${communityId} and l.user_id = vp.user_id
    group by l.guid order by seconds desc, name`,
  );
  return rows.map((r) => ({
    guid: r.guid,
    name: r.name,
    minutes: Math.max(0, Math.round(Number(r.seconds) / 60)),
  }));
}

export interface SessionPlayed {
  readonly id: number;
  readonly server: string;
  readonly maps: number;
  /** Maps won by team A and B (null: no result stored). */
  readonly teamAMaps: number | null;
  readonly teamBMaps: number | null;
}

/** The community's sessions that overlap an evening in voice, in play order. */
export async function sessionsDuring(
  db: Queryable,
  communityId: number,
  from: Date,
  to: Date,
): Promise<SessionPlayed[]> {
  const rows = await rowsOf<SessionPlayed>(
    db,
    sql`select gs.id, g.name as server, gs.map_count as maps,
      sr.team_a_maps as "teamAMaps", sr.team_b_maps as "teamBMaps"
      from gaming_sessions gs join game_servers g on g.id = gs.server_id
      left join session_results sr on sr.session_id = gs.id
      where g.community_id = ${communityId} and gs.started_at <= ${to} and gs.ended_at >= ${from}
      order by gs.started_at, gs.id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Linked players whose stays in the channels match `when`, by name, earliest stay first. */
async function linkedIn(
  db: Queryable,
  communityId: number,
  guildId: string,
  channelIds: readonly string[],
  when: SQL,
): Promise<VoiceMember[]> {
  if (channelIds.length === 0) return [];
  return rowsOf<VoiceMember>(
    db,
    sql`select vp.user_id as "userId", l.guid, ${shownName(sql`l.guid`, communityId)} as name
      from voice_presence vp
      join discord_links l on l.community_id = ${communityId} and l.user_id = vp.user_id
      where vp.guild_id = ${guildId} and vp.channel_id = any(${`{${channelIds.join(',')}}`}::text[])
        and ${when}
      group by vp.user_id, l.guid order by min(vp.started_at), vp.user_id`,
  );
}

/**
 * The community's linked players in any of the channels as the minute cron last saw them (open stays),
 * by name: who has not been asked yet this minute shows where they were last seen.
 */
export const linkedInChannels = (
  db: Queryable,
  communityId: number,
  guildId: string,
  channelIds: readonly string[],
) => linkedIn(db, communityId, guildId, channelIds, sql`vp.ended_at is null`);

/** Linked players who were in the channels at some time between `from` and `to`, by name. */
export const linkedBetween = (
  db: Queryable,
  communityId: number,
  guildId: string,
  channelIds: readonly string[],
  from: Date,
  to: Date,
) =>
  linkedIn(
    db,
    communityId,
    guildId,
    channelIds,
    sql`vp.started_at <= ${to} and coalesce(vp.ended_at, 'infinity') >= ${from}`,
  );
