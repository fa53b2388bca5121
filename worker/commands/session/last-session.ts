import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { stringOption } from '../../discord/interaction.ts';
import { reply } from '../../discord/responses.ts';
import { latestSessionId } from '../../queries/session-report.ts';
import { chartReply } from '../kit/chart-reply.ts';
import { quote } from '../kit/player-option.ts';
import type { Command } from '../../discord/command.ts';
import { type CommandServices, communityOf } from '../../services.ts';
import { sessionViewAnswer } from './session.ts';
import { isSessionView, SESSION_VIEW_LABELS, SESSION_VIEWS } from './session-views.ts';
import { withWebLink } from '../kit/web-link.ts';

/**
 * `/last_session [view]`: the latest gaming session — summary (players, rounds, maps with plays, team
 * results per map and overall) or one of the previous bot's views (combat, weapons, objectives/support,
 * sprees, maps, top, awards). The summary shows the results card and the performance panel; combat the
 * performance and combat efficiency panels; maps the DPM timeline and the results card (VIEW_CHARTS in
 * session.ts). The menu under the message switches views in place; /session's component handler answers
 * it (`session:view:<id>:last`).
 */
export const lastSession: Command<CommandServices> = {
  definition: {
    name: 'last_session',
    description:
      'The latest gaming session: summary, combat, weapons, support, sprees, maps, top, awards',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'view',
        description: 'What to show first (a menu switches views afterwards)',
        required: false,
        choices: SESSION_VIEWS.map((view) => ({
          name: SESSION_VIEW_LABELS[view].label,
          value: view,
        })),
      },
    ],
  },
  rateClass: 'heavy',
  async run(ctx) {
    const asked = stringOption(ctx.options, 'view') ?? 'summary';
    if (!isSessionView(asked))
      return reply(`There is no "${quote(asked)}" view; pick one from the list.`, {
        ephemeral: true,
      });
    const { db } = ctx.services;
    const id = await latestSessionId(db, communityOf(ctx.services).id);
    if (id === null)
      return reply('No session has been played yet: nothing was imported from the game server.', {
        ephemeral: true,
      });
    const answer = await sessionViewAnswer(db, communityOf(ctx.services).id, id, asked, {
      latest: true,
      timeZone: ctx.services.config.serverTimeZone,
    });
    if (!answer)
      return reply('The last session changed while reading it; try again.', { ephemeral: true });
    return chartReply(ctx, await withWebLink(ctx.services, answer, `sessions/${id}`));
  },
};
