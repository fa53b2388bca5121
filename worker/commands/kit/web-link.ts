import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ChartedMessage } from './chart-reply.ts';
import { siteCommunity } from '../../queries/site.ts';
import { type CommandServices, communityOf } from '../../services.ts';

/**
 * A player's GUID in a web path: the 8 characters the stats files name them by, or all 32 for a stats.lua
 * player kept apart from the owner of those 8 (README, "Identity").
 */
export const guidInPath = (guid: string) =>
  (guid.length === 32 ? guid : guid.slice(0, 8)).toUpperCase();

/** What a web path accepts as a player's GUID: 8 letters and digits, or 32 hex digits. */
export const GUID_IN_PATH = /^(?:[A-Za-z0-9]{8}|[0-9A-Fa-f]{32})$/;

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
