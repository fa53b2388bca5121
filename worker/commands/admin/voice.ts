import {
  ApplicationCommandOptionType,
  ChannelType,
  type APIApplicationCommandBasicOption,
} from 'discord-api-types/v10';
import { booleanOption, numberOption, stringOption } from '../../discord/interaction.ts';
import {
  MIN_PLAYERS_RANGE,
  setVoiceSettings,
  type VoiceChange,
} from '../../jobs/voice-settings.ts';
import { readVoiceSettings, type VoiceSettings } from '../../queries/voice.ts';
import { type AdminAction, adminReply } from './action.ts';
import { GUILD_ONLY } from './guild.ts';

const VOICE_CHANNELS = [ChannelType.GuildVoice, ChannelType.GuildStageVoice] as const;
/** Discord has no multi-channel option: three slots cover a lobby and two spares. */
const CHANNEL_SLOTS = ['channel', 'channel_2', 'channel_3'] as const;

const voiceChannel = (name: string, description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.Channel,
  name,
  description,
  channel_types: [...VOICE_CHANNELS],
});

const PERMISSIONS =
  'The bot needs View Channel and Connect on these voice channels (Discord answers a member’s voice state only where the bot could connect), and Send Messages and Embed Links in the announcement channel (/admin channel).';

/** The settings as the admin reads them back. */
export function describeVoice(settings: VoiceSettings): string {
  const channel = (id: string | null) => (id === null ? 'not set' : `<#${id}>`);
  return [
    `Voice tracking is **${settings.enabled ? 'on' : 'off'}**.`,
    `Channels: ${settings.channelIds.length > 0 ? settings.channelIds.map((id) => `<#${id}>`).join(', ') : 'none listed'}`,
    `Team A: ${channel(settings.teamAChannelId)} · Team B: ${channel(settings.teamBChannelId)}`,
    `“Session starting” is posted at ${settings.minPlayers} linked players in these channels.`,
    PERMISSIONS,
  ].join('\n');
}

/**
 * `/admin voice [tracking:on|off] [channel…] [team_a] [team_b] [min_players] [teams_off]`: which voice
 * channels the minute cron watches, which two are the teams', and how many linked players start an evening.
 * No options: shows the settings.
 */
export const voiceAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'voice',
    description: 'Voice channels watched and session start (no options: show)',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'tracking',
        description: 'Turn voice tracking on or off',
        choices: [
          { name: 'on', value: 'on' },
          { name: 'off', value: 'off' },
        ],
      },
      voiceChannel('channel', 'A voice channel players gather in (replaces the list)'),
      voiceChannel('channel_2', 'Another voice channel for the list'),
      voiceChannel('channel_3', 'Another voice channel for the list'),
      voiceChannel('team_a', 'One team’s voice channel'),
      voiceChannel('team_b', 'The voice channel of the other team'),
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'min_players',
        description: `Players in voice that start a session (default 6)`,
        min_value: MIN_PLAYERS_RANGE.min,
        max_value: MIN_PLAYERS_RANGE.max,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'teams_off',
        description: 'Forget the two team channels',
      },
    ],
  },
  access: 'admin',
  async run(ctx) {
    const guildId = ctx.caller.guildId;
    if (guildId === null) return adminReply(GUILD_ONLY);
    const { db } = ctx.services;
    const tracking = stringOption(ctx.options, 'tracking');
    if (tracking !== undefined && tracking !== 'on' && tracking !== 'off')
      return adminReply(`Not changed: tracking is on or off, not "${tracking.slice(0, 20)}".`);
    const listed = CHANNEL_SLOTS.map((slot) => stringOption(ctx.options, slot)).filter(
      (id): id is string => id !== undefined,
    );
    const teamsOff = booleanOption(ctx.options, 'teams_off') === true;
    const change: VoiceChange = {
      guildId,
      by: ctx.caller.userId,
      at: ctx.now(),
      ...(tracking === undefined ? {} : { enabled: tracking === 'on' }),
      ...(listed.length > 0 ? { channelIds: listed } : {}),
      ...(teamsOff ? { teamAChannelId: null, teamBChannelId: null } : {}),
      ...optionalChannel('teamAChannelId', stringOption(ctx.options, 'team_a')),
      ...optionalChannel('teamBChannelId', stringOption(ctx.options, 'team_b')),
      ...optionalNumber(numberOption(ctx.options, 'min_players')),
    };
    if (Object.keys(ctx.options).length === 0)
      return adminReply(describeVoice(await readVoiceSettings(db, guildId)));
    const result = await setVoiceSettings(db, change);
    if (!result.ok) return adminReply(`Not changed: ${result.reason}.`);
    return adminReply(`Saved.\n${describeVoice(result.settings)}`);
  },
};

function optionalChannel(field: 'teamAChannelId' | 'teamBChannelId', id: string | undefined) {
  return id === undefined ? {} : { [field]: id };
}

function optionalNumber(minPlayers: number | undefined) {
  return minPlayers === undefined ? {} : { minPlayers };
}
