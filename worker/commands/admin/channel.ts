import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import { booleanOption, stringOption } from '../../discord/interaction.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import { defer } from '../../discord/responses.ts';
import type { DiscordRest } from '../../discord/rest.ts';
import {
  readGuildConfig,
  setAdminChannel,
  setAnnounceChannel,
} from '../../permissions/guild-settings.ts';
import { type AdminAction, adminReply } from './action.ts';
import { GUILD_ONLY } from './guild.ts';

/** A test post proves the bot may write there; '' when it could, else what to fix. */
async function testPost(rest: DiscordRest, channelId: string, what: string): Promise<string> {
  const posted = await rest.postChannelMessage(channelId, {
    content: `etstats will post ${what} here.`,
  });
  return posted.ok
    ? ''
    : `\nBut a test post failed (${escapeMarkdown(posted.reason.slice(0, 200))}): give the bot “Send Messages” and “Embed Links” there.`;
}

/**
 * `/admin channel [channel] [off] [admin] [admin_off]`: where round summaries and achievements are
 * posted, and where admins are told of quarantined uploads (by default, the same channel).
 */
export const channelAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'channel',
    description: 'Where round summaries and admin notices go (no options: show them)',
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'channel',
        description: 'Round summaries and achievements go here',
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'off',
        description: 'Stop posting round summaries in this server',
      },
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'admin',
        description: 'Quarantine notices go here (default: summaries)',
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'admin_off',
        description: 'Quarantine notices back to the summaries channel',
      },
    ],
  },
  access: 'admin',
  async run(ctx) {
    const guildId = ctx.caller.guildId;
    if (guildId === null) return adminReply(GUILD_ONLY);
    const { db } = ctx.services;
    const channelId = stringOption(ctx.options, 'channel');
    const adminId = stringOption(ctx.options, 'admin');
    const change = { guildId, by: ctx.caller.userId, at: ctx.now() };
    const said: string[] = [];
    if (booleanOption(ctx.options, 'off') === true) {
      await setAnnounceChannel(db, { ...change, channelId: null });
      said.push('Round summaries and achievements are no longer posted in this server.');
    }
    if (booleanOption(ctx.options, 'admin_off') === true) {
      await setAdminChannel(db, { ...change, channelId: null });
      said.push('Quarantined uploads are told in the summaries channel again.');
    }
    if (channelId === undefined && adminId === undefined)
      return adminReply(said.length > 0 ? said.join('\n') : await shown(ctx.services.db, guildId));
    for (const [id, set] of [
      [channelId, setAnnounceChannel],
      [adminId, setAdminChannel],
    ] as const) {
      if (id === undefined) continue;
      const result = await set(db, { ...change, channelId: id });
      if (!result.ok) return adminReply(`Not changed: ${result.reason}.`);
    }
    return defer(
      async () => {
        if (channelId !== undefined)
          said.push(
            `Round summaries and achievements now go to <#${channelId}>.` +
              (await testPost(ctx.rest, channelId, 'round summaries and achievements')),
          );
        if (adminId !== undefined)
          said.push(
            `Quarantined uploads are now told in <#${adminId}>, with the commands that act on them.` +
              (await testPost(ctx.rest, adminId, 'notices of uploads kept in quarantine')),
          );
        return { content: said.join('\n') };
      },
      { ephemeral: true },
    );
  },
};

/** `/admin channel` alone: both channels as set. */
async function shown(db: Parameters<typeof readGuildConfig>[0], guildId: string): Promise<string> {
  const config = await readGuildConfig(db, guildId);
  const summaries = config.announceChannelId
    ? `Round summaries and achievements go to <#${config.announceChannelId}>.`
    : 'No channel is set for round summaries: /admin channel channel:#name.';
  const admins = config.adminChannelId ?? config.announceChannelId;
  const notices = admins
    ? `Quarantined uploads are told in <#${admins}>${config.adminChannelId ? '' : ' (the summaries channel; /admin channel admin:#name sets another)'}.`
    : 'Quarantined uploads are told nowhere: /admin channel admin:#name.';
  return `${summaries}\n${notices}`;
}
