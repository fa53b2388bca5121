import { reply } from '../discord/responses.ts';
import { removeLink } from '../jobs/links.ts';
import { playerName } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

/** `/unlink`: removes the caller's own link (a moderator's `/admin unlink` does it for others). */
export const unlink: Command<CommandServices> = {
  definition: {
    name: 'unlink',
    description: 'Remove the link between your Discord account and your in-game player',
  },
  // Public, not trusted: someone with no link should hear "nothing to unlink", not "not allowed".
  access: 'public',
  async run(ctx) {
    const removed = await removeLink(
      ctx.services.db,
      communityOf(ctx.services).id,
      ctx.caller.userId,
    );
    if (!removed)
      return reply('You have not linked a player, so there is nothing to unlink.', {
        ephemeral: true,
      });
    return reply(
      `Unlinked: you are no longer linked to **${playerName(removed.name)}** (\`${removed.guid}\`).`,
      { ephemeral: true },
    );
  },
};
