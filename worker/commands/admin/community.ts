import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { stringOption } from '../../discord/interaction.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import { bindGuild, createCommunity, unbindGuild } from '../../jobs/communities.ts';
import { type CommunityListing, listCommunities } from '../../queries/communities.ts';
import { type AdminAction, adminReply } from './action.ts';

const slugOption = (description: string) => ({
  type: ApplicationCommandOptionType.String as const,
  name: 'slug',
  description,
  required: true,
  max_length: 32,
});

/**
 * `/admin community show|bind|unbind|create|list`: which community this guild belongs to, and (OWNERs,
 * who run the deployment) binding guilds to communities. A guild bound to none sees no data; an owner's
 * `bind` there is the only command it runs besides /help.
 */
export const communityAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'community',
    description: 'This server’s community (binding: bot owners)',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'This server’s community: its guilds and game servers',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'bind',
        description: 'Bind this Discord server to a community (bot owners)',
        options: [slugOption('The community’s slug, e.g. default')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'unbind',
        description: 'Unbind this Discord server (bot owners)',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'create',
        description: 'Create a community (bot owners)',
        options: [
          slugOption('Lower-case letters, digits and dashes'),
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: 'Its display name',
            required: true,
            max_length: 64,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'Every community (bot owners)',
      },
    ],
  },
  access: { show: 'admin', bind: 'owner', unbind: 'owner', create: 'owner', list: 'owner' },
  async run(ctx) {
    const { db, community } = ctx.services;
    const leaf = ctx.subcommand[1];
    const guildId = ctx.caller.guildId;
    if (leaf === 'list') {
      const all = await listCommunities(db);
      return adminReply(all.map(describe).join('\n') || 'No community exists.');
    }
    if (leaf === 'create') {
      const created = await createCommunity(db, {
        slug: stringOption(ctx.options, 'slug') ?? '',
        name: stringOption(ctx.options, 'name') ?? '',
      });
      if (!created.ok) return adminReply(`Not created: ${created.reason}.`);
      return adminReply(
        `Created **${escapeMarkdown(created.value.name)}** (\`${created.value.slug}\`). Bind a Discord server to it with \`/admin community bind\` there.`,
      );
    }
    if (guildId === null)
      return adminReply('Run this in the Discord server concerned, not in a DM.');
    if (leaf === 'bind') {
      const bound = await bindGuild(db, {
        guildId,
        slug: stringOption(ctx.options, 'slug') ?? '',
        by: ctx.caller.userId,
        at: ctx.now(),
      });
      if (!bound.ok) return adminReply(`Not bound: ${bound.reason}.`);
      const moved = bound.value.movedFrom ? ` (it was bound to \`${bound.value.movedFrom}\`)` : '';
      return adminReply(
        `This server now belongs to **${escapeMarkdown(bound.value.community.name)}** (\`${bound.value.community.slug}\`)${moved}.`,
      );
    }
    if (leaf === 'unbind') {
      const gone = await unbindGuild(db, guildId);
      if (!gone.ok) return adminReply(`Nothing unbound: ${gone.reason}.`);
      return adminReply(
        `This server no longer belongs to \`${gone.value.slug}\`: it shows no stats until it is bound again.`,
      );
    }
    if (!community) return adminReply('This server is not bound to any community.');
    const mine = (await listCommunities(db)).find((c) => c.id === community.id);
    return adminReply(mine ? describe(mine) : 'This server’s community no longer exists.');
  },
};

function describe(c: CommunityListing): string {
  const guilds = c.guilds.length === 0 ? 'no Discord server' : c.guilds.join(', ');
  const servers =
    c.servers.length === 0 ? 'no game server' : c.servers.map(escapeMarkdown).join(', ');
  return `**${escapeMarkdown(c.name)}** \`${c.slug}\` · Discord: ${guilds} · game servers: ${servers} · API: \`/c/${c.slug}/api\``;
}
