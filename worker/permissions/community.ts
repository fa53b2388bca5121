import type { APIInteraction } from 'discord-api-types/v10';
import type { Database } from '../db/database.ts';
import { readCaller } from '../discord/interaction.ts';
import { type Community, communitiesLinking, communityOfGuild } from '../queries/communities.ts';

/**
 * The community an interaction is in. In a guild: the community the guild is bound to, or none. In a
 * DM: the only community the caller has linked a player in, or none. A self-hosted deployment needs no
 * set-up step: while no guild is bound anywhere, an owner's first `/admin` in a guild binds it to the
 * default community (migration 0007's community 1): `bindFirstGuild` is that write, a job passed in, since
 * resolving who asks only reads.
 */
export async function communityForInteraction(
  db: Database,
  interaction: APIInteraction,
  owners: readonly string[],
  now: Date,
  bindFirstGuild: BindFirstGuild,
): Promise<Community | null> {
  const caller = readCaller(interaction);
  if (caller.guildId === null) {
    if (caller.userId === '') return null;
    const linked = await communitiesLinking(db, caller.userId);
    return linked.length === 1 ? (linked[0] as Community) : null;
  }
  const bound = await communityOfGuild(db, caller.guildId);
  if (bound) return bound;
  if (!owners.includes(caller.userId) || !isAdminCommand(interaction)) return null;
  return bindFirstGuild(db, caller.guildId, caller.userId, now);
}

/** Binds a guild to the default community while no guild is bound anywhere (worker/jobs/communities.ts). */
export type BindFirstGuild = (
  db: Database,
  guildId: string,
  by: string,
  at: Date,
) => Promise<Community | null>;

function isAdminCommand(interaction: APIInteraction): boolean {
  const data = (interaction as { data?: { name?: unknown } }).data;
  return typeof data === 'object' && data !== null && data.name === 'admin';
}

/** What an interaction from nowhere (an unbound guild, a DM of someone linked in no community) is told. */
export const UNBOUND_NOTE =
  'This server is not set up for etstats yet. The bot owner binds it to a community with ' +
  '`/admin community bind` (or `npm run community -- bind GUILD_ID SLUG`); until then it shows no stats.';

export const UNBOUND_DM_NOTE =
  'Direct messages answer in the community where you linked your player (`/link` in its server). ' +
  "You are linked in none, or in more than one: ask in your community's Discord server instead.";
