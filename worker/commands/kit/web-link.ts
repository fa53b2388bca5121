import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ChartedMessage } from './chart-reply.ts';
import { siteCommunity } from '../../queries/site.ts';
import { type CommandServices, communityOf } from '../../services.ts';

/** Discord allows five rows of components in a message. */
const MAX_ROWS = 5;

/**
 * The answer with a "View on the web" link button to the same figures on the website (`path` under
 * the community's `/c/<slug>/`), when PUBLIC_BASE_URL is set and the community's site is on.
 */
export async function withWebLink(
  services: CommandServices,
  answer: ChartedMessage,
  path: string,
): Promise<ChartedMessage> {
  const { publicBaseUrl, basePath } = services.config.site;
  if (!publicBaseUrl) return answer;
  const community = communityOf(services);
  const site = await siteCommunity(services.db, community.slug);
  if (site === null || site === 'several' || !site.siteEnabled) return answer;
  const rows = answer.message.components ?? [];
  if (rows.length >= MAX_ROWS) return answer;
  const url = `${publicBaseUrl}${basePath}c/${community.slug}/${path}`;
  const button = {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.Button as const,
        style: ButtonStyle.Link as const,
        label: 'View on the web',
        url,
      },
    ],
  };
  return { ...answer, message: { ...answer.message, components: [...rows, button] } };
}
