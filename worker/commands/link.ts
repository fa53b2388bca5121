import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { decodeCustomIdParts, encodeCustomId } from '../discord/cursor.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply, update } from '../discord/responses.ts';
import { createLink, type LinkOutcome } from '../jobs/links.ts';
import { linkedGuids, linkOfUser, type PlayerRef } from '../queries/links.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { playerName } from './kit/text-format.ts';
import { playerOption, resolvePlayer } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

/**
 * `/link player`: a Discord user says which in-game player they are, confirmed with a button. One user ↔
 * one GUID (the table enforces both). The buttons carry the asking user's id, and only that user's press
 * counts: an ephemeral message is only theirs to see, but a custom_id can be replayed by anyone.
 */
export const link: Command<CommandServices> = {
  definition: {
    name: 'link',
    description:
      'Link your Discord account to your in-game player (your /stats then needs no name)',
    options: [playerOption('player', 'Your in-game name, part of it, or your GUID', true)],
  },
  access: 'public',
  async run(ctx) {
    const { db } = ctx.services;
    const found = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player'),
      ctx.caller.userId,
    );
    if (!found.ok) return reply(found.reason, { ephemeral: true });
    const player = found.player;
    if (player.bot)
      return reply(outcomeText({ ok: false, reason: 'bot' }, player), { ephemeral: true });
    const current = await linkOfUser(db, communityOf(ctx.services).id, ctx.caller.userId);
    if (current?.guid === player.guid)
      return reply(
        `You are already linked to **${playerName(player.name)}** (\`${player.guid}\`).`,
        { ephemeral: true },
      );
    if (current)
      return reply(outcomeText({ ok: false, reason: 'already-linked', current }, player), {
        ephemeral: true,
      });
    if ((await linkedGuids(db, communityOf(ctx.services).id, [player.guid])).has(player.guid))
      return reply(outcomeText({ ok: false, reason: 'taken' }, player), { ephemeral: true });
    return reply(confirmation(ctx.caller.userId, player), { ephemeral: true });
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
  async component(ctx) {
    const [action, userId, guid] = decodeCustomIdParts(ctx.customId);
    if (userId !== ctx.caller.userId)
      return reply(
        'This button belongs to someone else’s /link. Run /link yourself to link your account.',
        { ephemeral: true },
      );
    if (action === 'no') return update({ content: 'Nothing was linked.', components: [] });
    if (action !== 'yes' || !guid)
      return reply('This button is out of date; run /link again.', { ephemeral: true });
    const outcome = await createLink(ctx.services.db, {
      communityId: communityOf(ctx.services).id,
      userId,
      guid,
      linkedBy: userId,
      at: ctx.now(),
    });
    return update({
      content: outcomeText(outcome, { guid, name: guid, bot: false }),
      components: [],
    });
  },
};

/** The question with its two buttons; both custom_ids name the asking user. */
export function confirmation(userId: string, player: PlayerRef): ImmediateMessage {
  const button = (
    label: string,
    style: ButtonStyle.Success | ButtonStyle.Secondary,
    parts: string[],
  ): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style,
    label,
    custom_id: encodeCustomId('link', parts),
  });
  const row: APIActionRowComponent<APIButtonComponentWithCustomId> = {
    type: ComponentType.ActionRow,
    components: [
      button('Yes, that is me', ButtonStyle.Success, ['yes', userId, player.guid]),
      button('Cancel', ButtonStyle.Secondary, ['no', userId]),
    ],
  };
  return {
    content: `Link your Discord account to **${playerName(player.name)}** (\`${player.guid}\`)? Only link the player you play as.`,
    components: [row],
  };
}

/** What a link attempt came to, in words for the user. */
export function outcomeText(outcome: LinkOutcome, asked: PlayerRef): string {
  if (outcome.ok)
    return `Linked: you are **${playerName(outcome.player.name)}** (\`${outcome.player.guid}\`). /stats without a name now shows you.`;
  switch (outcome.reason) {
    case 'bot':
      return 'Bots cannot be linked.';
    case 'unknown-player':
      return `No player has the GUID \`${asked.guid}\` any more; run /link again.`;
    case 'already-linked':
      return `You are linked to **${playerName(outcome.current.name)}** (\`${outcome.current.guid}\`). Run /unlink first to link another player.`;
    case 'taken':
      return `${asked.name === asked.guid ? 'That player' : `**${playerName(asked.name)}**`} is already linked to another Discord account. If that player is you, ask a moderator.`;
  }
}
