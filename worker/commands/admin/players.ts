import { communityOf } from '../../services.ts';
import type { APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { stringOption } from '../../discord/interaction.ts';
import { defer } from '../../discord/responses.ts';
import { createLink, removeLink } from '../../jobs/links.ts';
import type { PlayerRef } from '../../queries/links.ts';
import { playerChoices } from '../kit/autocomplete.ts';
import { formatInstant, playerName, plural } from '../kit/text-format.ts';
import { playerOption, resolvePlayer } from '../kit/player-option.ts';
import { recomputeSettings } from '../../config.ts';
import { type AdminAction, adminReply, userMention } from './action.ts';
import { mergePlayers, unmergePlayer } from '../../jobs/merge-players.ts';
import { listMerges } from '../../queries/merges.ts';

const userOption = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.User,
  name: 'user',
  description,
  required: true,
});
const who = (player: PlayerRef) => `**${playerName(player.name)}** (\`${player.guid}\`)`;

/** `/admin link user player`: links someone else's Discord account (they asked, or /link was refused). */
export const linkAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'link',
    description: 'Link a Discord user to an in-game player',
    options: [
      userOption('The Discord user'),
      playerOption('player', 'Their in-game name, part of it, or GUID', true),
    ],
  },
  access: 'moderator',
  async run(ctx) {
    const { db } = ctx.services;
    const userId = stringOption(ctx.options, 'user') ?? '';
    const found = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player') ?? '',
      ctx.caller.userId,
    );
    if (!found.ok) return adminReply(found.reason);
    const outcome = await createLink(db, {
      communityId: communityOf(ctx.services).id,
      userId,
      guid: found.player.guid,
      linkedBy: ctx.caller.userId,
      at: ctx.now(),
    });
    if (outcome.ok)
      return adminReply(
        `${userMention(userId)} is ${outcome.created ? 'now' : 'already'} linked to ${who(outcome.player)}.`,
      );
    switch (outcome.reason) {
      case 'bot':
        return adminReply('Bots cannot be linked.');
      case 'unknown-player':
        return adminReply(`No player has the GUID \`${found.player.guid}\`.`);
      case 'already-linked':
        return adminReply(
          `${userMention(userId)} is linked to ${who(outcome.current)}: /admin unlink them first.`,
        );
      case 'taken':
        return adminReply(
          `${who(found.player)} is linked to another Discord user: /admin unlink that user first.`,
        );
    }
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

/** `/admin unlink user`. */
export const unlinkAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'unlink',
    description: 'Remove a Discord user’s link to their player',
    options: [userOption('The Discord user')],
  },
  access: 'moderator',
  async run(ctx) {
    const userId = stringOption(ctx.options, 'user') ?? '';
    const removed = await removeLink(ctx.services.db, communityOf(ctx.services).id, userId);
    return adminReply(
      removed
        ? `${userMention(userId)} is no longer linked to ${who(removed)}.`
        : `${userMention(userId)} has no linked player.`,
    );
  },
};

/** `/admin merge-players keep merge`: one person, two GUIDs. Reversible with /admin unmerge-players. */
export const mergeAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'merge-players',
    description: 'One person, two GUIDs: file one under the other',
    options: [
      playerOption('keep', 'The GUID (or name) to keep', true),
      playerOption('merge', 'The GUID (or name) whose rounds move to it', true),
    ],
  },
  access: 'admin',
  rateClass: 'heavy',
  async run(ctx) {
    const { db, config } = ctx.services;
    const kept = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'keep') ?? '',
      ctx.caller.userId,
    );
    if (!kept.ok) return adminReply(`keep: ${kept.reason}`);
    const merged = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'merge') ?? '',
      ctx.caller.userId,
    );
    if (!merged.ok) return adminReply(`merge: ${merged.reason}`);
    const input = {
      communityId: communityOf(ctx.services).id,
      keptGuid: kept.player.guid,
      mergedGuid: merged.player.guid,
      by: ctx.caller.userId,
      now: ctx.now(),
    };
    return defer(
      async () => {
        const result = await mergePlayers(db, input, recomputeSettings(config));
        if (!result.ok) return { content: `Not merged: ${result.reason}.` };
        return {
          content:
            `Merged ${who(result.merged)} into ${who(result.kept)}: ${plural(result.movedRounds, 'round')} moved, names, link and ` +
            `leaderboards updated. Undo with /admin unmerge-players merged:${result.merged.guid}.`,
        };
      },
      { ephemeral: true },
    );
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

/** `/admin unmerge-players merged`: undoes a merge exactly, by re-deriving from the raw files. */
export const unmergeAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'unmerge-players',
    description: 'Undo a merge (re-derives everything)',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'merged',
        description: 'The merged GUID',
        required: true,
        autocomplete: true,
        max_length: 64,
      },
    ],
  },
  access: 'admin',
  rateClass: 'heavy',
  run(ctx) {
    const { db, config } = ctx.services;
    const guid = stringOption(ctx.options, 'merged') ?? '';
    const now = ctx.now();
    return defer(
      async () => {
        const result = await unmergePlayer(
          db,
          communityOf(ctx.services).id,
          guid,
          recomputeSettings(config),
          now,
        );
        if (!result.ok) return { content: `Nothing undone: ${result.reason}.` };
        return {
          content: `\`${result.merged}\` and \`${result.kept}\` are two players again (re-derived from ${plural(result.rebuild.files, 'stored file')}).`,
        };
      },
      { ephemeral: true },
    );
  },
  async autocomplete(ctx) {
    const typed = ctx.focused.value.trim().toLowerCase();
    const merges = await listMerges(ctx.services.db, communityOf(ctx.services).id);
    return merges
      .filter(
        (m) =>
          typed === '' ||
          m.merged_guid.toLowerCase().startsWith(typed) ||
          (m.merged_name ?? '').toLowerCase().includes(typed),
      )
      .slice(0, 25)
      .map((m) => ({
        name: `${m.merged_guid} (${m.merged_name ?? '?'}) → ${m.kept_guid} (${m.kept_name ?? '?'}) · ${formatInstant(m.merged_at)}`.slice(
          0,
          100,
        ),
        value: m.merged_guid,
      }));
  },
};
