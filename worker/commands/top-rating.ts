import { MIN_RATED_MAPS } from '../../stats/rating/display.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { type CommandResult, reply } from '../discord/responses.ts';
import { linkOfUser } from '../queries/links.ts';
import { type RatingEntry, ratingTable } from '../queries/rating.ts';
import type { CommandContext } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { playerName } from './kit/text-format.ts';

/** The `metric` choice of /top that ranks by the skill rating rather than a stored leaderboard. */
export const RATING_METRIC = 'rating';
const SHOWN = 10;
const COLOUR = 0xf1c40f;

/** `/top metric:rating`: the ten best rated players with the minimum stated, and the caller's own place. */
export async function ratingTop(ctx: CommandContext<CommandServices>): Promise<CommandResult> {
  const period = stringOption(ctx.options, 'period');
  if ((period !== undefined && period !== 'all') || stringOption(ctx.options, 'season'))
    return reply(
      'The rating has no periods: it follows every rated map in the order they were played. Leave `period` and `season` out.',
      { ephemeral: true },
    );
  const communityId = communityOf(ctx.services).id;
  const table = await ratingTable(ctx.services.db, communityId, ctx.now());
  const link = await linkOfUser(ctx.services.db, communityId, ctx.caller.userId);
  return reply(ratingTopMessage(table, link?.guid ?? null));
}

export function ratingTopMessage(
  table: readonly RatingEntry[],
  ownGuid: string | null,
): ImmediateMessage {
  const ranked = table.filter((e) => e.rank !== null);
  const line = (e: RatingEntry) =>
    `**${e.rank}.** ${playerName(e.name)} — ${e.rating} ± ${e.uncertainty} · ${e.rated_maps} maps`;
  const own = ownGuid ? table.find((e) => e.guid === ownGuid) : undefined;
  const standing = !own
    ? null
    : own.rank === null
      ? `You: ${own.rating} ± ${own.uncertainty}, not ranked yet (${own.rated_maps} of ${MIN_RATED_MAPS} rated maps)`
      : own.rank > SHOWN
        ? `You: **#${own.rank}** of ${ranked.length} — ${own.rating} ± ${own.uncertainty}`
        : null;
  const lines =
    ranked.length === 0
      ? [
          `Nobody has ${MIN_RATED_MAPS} rated maps yet: play full maps (both rounds, no bots) to be ranked.`,
        ]
      : ranked.slice(0, SHOWN).map(line);
  return {
    embeds: [
      {
        title: 'Top rating · all time',
        description: [...lines, ...(standing ? ['', standing] : [])].join('\n'),
        color: COLOUR,
        footer: {
          text: `Ranked: players with at least ${MIN_RATED_MAPS} rated maps. ${ranked.length} ranked. Rating ± uncertainty; see /rating.`,
        },
      },
    ],
  };
}
