import { voiceSettings } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { readVoiceSettings, trackedChannels, type VoiceSettings } from '../queries/voice.ts';

export const MIN_PLAYERS_RANGE = { min: 2, max: 24 } as const;

/** What `/admin voice` changes; an absent field keeps what was set. */
export interface VoiceChange {
  readonly guildId: string;
  readonly by: string;
  readonly at: Date;
  readonly enabled?: boolean;
  /** Replaces the list of general channels. */
  readonly channelIds?: readonly string[];
  /** null removes the team channel. */
  readonly teamAChannelId?: string | null;
  readonly teamBChannelId?: string | null;
  readonly minPlayers?: number;
}

export type VoiceSettingResult =
  | { readonly ok: true; readonly settings: VoiceSettings }
  | { readonly ok: false; readonly reason: string };

const SNOWFLAKE = /^\d{1,25}$/;

/**
 * Changes a guild's voice tracking. Refused, naming what was wrong: a channel id that is none, the same
 * channel for both teams, a minimum outside 2–24, and tracking on with no channel to watch.
 */
export async function setVoiceSettings(
  db: Queryable,
  change: VoiceChange,
): Promise<VoiceSettingResult> {
  const current = await readVoiceSettings(db, change.guildId);
  const next: VoiceSettings = {
    guildId: change.guildId,
    enabled: change.enabled ?? current.enabled,
    channelIds: change.channelIds ? [...new Set(change.channelIds)] : current.channelIds,
    teamAChannelId:
      change.teamAChannelId === undefined ? current.teamAChannelId : change.teamAChannelId,
    teamBChannelId:
      change.teamBChannelId === undefined ? current.teamBChannelId : change.teamBChannelId,
    minPlayers: change.minPlayers ?? current.minPlayers,
  };
  for (const id of trackedChannels(next))
    if (!SNOWFLAKE.test(id))
      return { ok: false, reason: `"${id.slice(0, 30)}" is not a channel id` };
  if (next.teamAChannelId !== null && next.teamAChannelId === next.teamBChannelId)
    return { ok: false, reason: 'team A and team B need two different voice channels' };
  if (
    !Number.isInteger(next.minPlayers) ||
    next.minPlayers < MIN_PLAYERS_RANGE.min ||
    next.minPlayers > MIN_PLAYERS_RANGE.max
  )
    return {
      ok: false,
      reason: `min_players must be a whole number from ${MIN_PLAYERS_RANGE.min} to ${MIN_PLAYERS_RANGE.max}, not ${next.minPlayers}`,
    };
  if (next.enabled && trackedChannels(next).length === 0)
    return {
      ok: false,
      reason: 'tracking needs at least one voice channel to watch: give channel, team_a or team_b',
    };
  const values = {
    guildId: next.guildId,
    enabled: next.enabled,
    channelIds: [...next.channelIds],
    teamAChannelId: next.teamAChannelId,
    teamBChannelId: next.teamBChannelId,
    minPlayers: next.minPlayers,
    updatedAt: change.at,
    updatedBy: change.by,
  };
  await db
    .insert(voiceSettings)
    .values(values)
    .onConflictDoUpdate({ target: voiceSettings.guildId, set: values });
  return { ok: true, settings: next };
}
