import type { Database } from '../db/database.ts';
import { sessionTimelineChart } from '../render/charts/index.ts';
import { type ChartedMessage, chartFileName, chartReplyLater } from './kit/chart-reply.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { MIN_RATED_MAPS, ratingPoints } from '../../stats/rating/display.ts';
import {
  type PlayerRating,
  playerRating,
  type RatingPoint,
  ratingHistory,
} from '../queries/rating.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { playerOption, resolvePlayer } from './kit/player-option.ts';
import { formatDay, playerName, plural } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

const COLOUR = 0xf1c40f;

/** `/rating [player]`: the skill rating from map results, its uncertainty, rank and biggest moves. */
export const rating: Command<CommandServices> = {
  definition: {
    name: 'rating',
    description: 'A player’s skill rating from the maps their team won and lost',
    options: [playerOption()],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const player = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player'),
      ctx.caller.userId,
    );
    if (!player.ok) return reply(player.reason, { ephemeral: true });
    const data = await ratingData(
      ctx.services.db,
      communityOf(ctx.services).id,
      player.player.guid,
    );
    if (!data)
      return reply(
        `${playerName(player.player.name)} has no rated map yet: a map is rated when both teams had at least two players, no bots and a known winner. Play a full map (both rounds) and ask again.`,
        { ephemeral: true },
      );
    const { name } = player.player;
    return chartReplyLater(ctx, async () => ratingAnswer(name, data, ctx.now()));
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

export async function ratingData(db: Database, communityId: number, guid: string) {
  const rating = await playerRating(db, communityId, guid);
  return rating && { ...rating, history: await ratingHistory(db, communityId, guid) };
}

export type RatingData = PlayerRating & { readonly history: readonly RatingPoint[] };

/** The message, and the rating after each session drawn as a line (two sessions or more). */
export function ratingAnswer(name: string, data: RatingData, now: Date): ChartedMessage {
  const message = ratingMessage(name, data, now);
  if (data.history.length < 2) return { message };
  const values = data.history.map((h) => Math.round(1500 + 200 * h.mu));
  return {
    message,
    charts: () => [
      {
        chart: sessionTimelineChart({
          title: `Rating of ${playerName(name)}`,
          subtitle: 'After each session with a rated map',
          metric: 'Rating',
          xLabels: data.history.map((h) => formatDay(h.at)),
          players: [{ name: playerName(name), values }],
        }),
        name: chartFileName('rating', name),
        description: `Rating of ${playerName(name)} over ${data.history.length} sessions: from ${values[0]} to ${values.at(-1)}.`,
      },
    ],
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
const outcome = (score: number) => (score === 1 ? 'won' : score === 0 ? 'lost' : 'drew');

export function ratingMessage(name: string, data: PlayerRating, now: Date): ImmediateMessage {
  const { player } = data;
  const shown = ratingPoints({ ...player, at: Date.parse(player.at) }, now.getTime());
  const rank =
    data.rank === null
      ? `not ranked yet: ${plural(MIN_RATED_MAPS - player.maps, 'more rated map')} to go`
      : `rank ${data.rank} of ${data.ranked} (players with ${MIN_RATED_MAPS}+ rated maps)`;
  const moves = data.moves.map((m) => {
    const delta = Math.round(200 * (m.after - m.before));
    const favoured = `${Math.round(m.expected * 100)}% to win`;
    return `${formatDay(m.ended_at)} ${m.map}: ${outcome(m.score)} at ${favoured}, ${signed(delta)}`;
  });
  return {
    embeds: [
      {
        title: `Rating of ${playerName(name)}`,
        description: [
          `**${shown.rating}** ± ${shown.uncertainty} · ${rank}`,
          `${plural(player.maps, 'rated map')} · last ${formatDay(player.at)}`,
          '',
          'Maps that moved it most:',
          ...moves,
        ].join('\n'),
        color: COLOUR,
        footer: {
          text: 'From stopwatch map results, each player counted by the share of the map they played',
        },
      },
    ],
  };
}
