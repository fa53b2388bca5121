import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { stringOption } from '../../discord/interaction.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import { setSiteEnabled } from '../../jobs/site.ts';
import { siteCommunity } from '../../queries/site.ts';
import { communityOf } from '../../services.ts';
import { type AdminAction, adminReply } from './action.ts';

/**
 * `/admin site [state:on|off]`: whether the community's website shows its pages (off: every page is a
 * 404 saying so). No state: how it stands, and the address when PUBLIC_BASE_URL is set.
 */
export const siteAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'site',
    description: 'The stats website on or off (no option: show)',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'state',
        description: 'on: pages public; off: pages answer "not found"',
        choices: [
          { name: 'on', value: 'on' },
          { name: 'off', value: 'off' },
        ],
      },
    ],
  },
  access: 'admin',
  async run(ctx) {
    const community = communityOf(ctx.services);
    const state = stringOption(ctx.options, 'state');
    const { publicBaseUrl, basePath } = ctx.services.config.site;
    const address = publicBaseUrl ? `${publicBaseUrl}${basePath}c/${community.slug}` : null;
    const where = address ? ` (${address})` : '';
    const name = escapeMarkdown(community.name);
    if (state === undefined) {
      const now = await siteCommunity(ctx.services.db, community.slug);
      const on = now !== null && now !== 'several' && now.siteEnabled;
      return adminReply(`The website of ${name} is **${on ? 'on' : 'off'}**${on ? where : ''}.`);
    }
    if (state !== 'on' && state !== 'off')
      return adminReply(`state must be on or off, not "${escapeMarkdown(state.slice(0, 20))}".`);
    const changed = await setSiteEnabled(ctx.services.db, community.id, state === 'on');
    if (!changed) return adminReply(`The website of ${name} was already **${state}**.`);
    return adminReply(
      state === 'on'
        ? `The website of ${name} is **on**${where}.`
        : `The website of ${name} is **off**: every page answers "not found" until \`/admin site state:on\`.`,
    );
  },
};
