import type { APIEmbed } from 'discord-api-types/v10';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { METRICS } from '../recompute/metrics.ts';
import { type SeasonOverview, seasonOverview } from '../queries/season.ts';
import { playerName } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { formatMetric } from './top.ts';

const COLOUR = 0x2ecc71;
const MEDALS = ['🥇', '🥈', '🥉'];

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The /season message: dates, days left, activity, and the leaders of a few boards with their thresholds. */
export function seasonMessage(overview: SeasonOverview): ImmediateMessage {
  const { season } = overview;
  const ends =
    season.endsAt === null
      ? 'open-ended'
      : `ends <t:${unix(season.endsAt)}:D> (<t:${unix(season.endsAt)}:R>)`;
  const left =
    overview.daysLeft === null
      ? ''
      : ` · **${overview.daysLeft}** day${overview.daysLeft === 1 ? '' : 's'} left`;
  const fields = overview.standings.map((standing) => {
    const metric = METRICS[standing.metric];
    const lines = standing.leaders.map(
      (l) =>
        `${MEDALS[l.rank - 1] ?? `${l.rank}.`} ${playerName(l.name)} — ${formatMetric(metric, l.value)}`,
    );
    const rule = standing.threshold
      ? `\n_needs ${standing.threshold.rounds} rounds, ${standing.threshold.minutes} min_`
      : '';
    return {
      name: metric.label,
      value: `${lines.join('\n') || 'Nobody yet.'}${rule}`,
      inline: true,
    };
  });
  const embed: APIEmbed = {
    title: `Season ${season.name}`,
    description: [
      `Started <t:${unix(season.startsAt)}:D> · ${ends}${left}`,
      `**${overview.sessions}** sessions · **${overview.rounds}** rounds · **${overview.players}** players so far`,
      season.computed
        ? ''
        : '_The season leaderboards are computed after the next import or cron run._',
    ]
      .filter(Boolean)
      .join('\n'),
    color: COLOUR,
    fields,
    footer: {
      text: 'Bots and rounds played mostly by bots are left out · /top <metric> period:This season for the full board',
    },
  };
  return { embeds: [embed] };
}

/** `/season`: the current season, its dates, days left and standings. */
export const season: Command<CommandServices> = {
  definition: {
    name: 'season',
    description: 'The current season: dates, days left and the leaders',
  },
  async run(ctx) {
    const overview = await seasonOverview(
      ctx.services.db,
      communityOf(ctx.services).id,
      ctx.now(),
      ctx.services.config.seasons,
    );
    if (!overview) return reply('No season has started yet.', { ephemeral: true });
    return reply(seasonMessage(overview));
  },
};
