import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { stringOption } from '../discord/interaction.ts';
import { reply } from '../discord/responses.ts';
import { latestSessionId } from '../queries/session-report.ts';
import { quote } from './player-option.ts';
import type { Command } from './registry.ts';
import type { CommandServices } from './services.ts';
import { sessionViewMessage } from './session.ts';
import { isSessionView, SESSION_VIEW_LABELS, SESSION_VIEWS } from './session-views.ts';

/**
 * `/last_session [view]`: the latest gaming session — summary (players, rounds, maps with plays, team
 * results per map and overall) or one of the previous bot's views (combat, weapons, objectives/support,
 * sprees, maps, top, awards). The menu under the message switches views in place; /session's component
 * handler answers it (`session:view:<id>:last`).
 */
export const lastSession: Command<CommandServices> = {
  definition: {
    name: 'last_session',
    description: 'The latest gaming session: summary, combat, weapons, support, sprees, maps, top, awards',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'view',
        description: 'What to show first (a menu switches views afterwards)',
        required: false,
        choices: SESSION_VIEWS.map((view) => ({ name: SESSION_VIEW_LABELS[view].label, value: view })),
      },
    ],
  },
  async run(ctx) {
    const asked = stringOption(ctx.options, 'view') ?? 'summary';
    if (!isSessionView(asked)) return reply(`There is no "${quote(asked)}" view; pick one from the list.`, { ephemeral: true });
    const { db } = ctx.services;
    const id = await latestSessionId(db);
    if (id === null) return reply('No session has been played yet: nothing was imported from the game server.', { ephemeral: true });
    const message = await sessionViewMessage(db, id, asked, { latest: true });
    if (!message) return reply('The last session changed while reading it; try again.', { ephemeral: true });
    return reply(message);
  },
};
