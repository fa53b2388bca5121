import { communityOf } from '../services.ts';
import type { APIEmbed } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { decodePageCursor, pageButtons } from '../discord/cursor.ts';
import { booleanOption, stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply, update } from '../discord/responses.ts';
import { leaderboardChart } from '../render/charts/index.ts';
import type { Queryable } from '../db/database.ts';
import {
  type BoardPeriod,
  boardPeriod,
  type TopPage,
  topPage,
} from '../queries/leaderboards-read.ts';
import { linkOfUser } from '../queries/links.ts';
import { isPeriodId } from '../queries/period.ts';
import { seasonsWithData } from '../queries/season-history.ts';
import {
  isMetricId,
  METRIC_IDS,
  METRICS,
  type Metric,
  type MetricId,
  periodKind,
  type Threshold,
} from '../recompute/metrics.ts';
import {
  type ChartedMessage,
  type ChartImage,
  chartFileName,
  chartReply,
  chartUpdate,
} from './kit/chart-reply.ts';
import {
  formatCount,
  formatDecimal,
  formatMinutes,
  formatPercent,
  formatRatio,
  playerName,
} from './kit/text-format.ts';
import { periodOption, quote } from './kit/player-option.ts';
import { RATING_METRIC, ratingTop } from './top-rating.ts';
import { resolveSeason, seasonChoices, seasonOption } from './kit/season-option.ts';
import type { Command, CommandContext } from '../discord/command.ts';
import type { CommandServices } from '../services.ts';
import { withWebLink } from './kit/web-link.ts';

export const TOP_PAGE_SIZE = 10;
const COLOUR = 0xf1c40f;
/** The card shows at most this many rows (the leaderboard chart's own limit). */
const IMAGE_ROWS = 50;
/** The cursor's last part when the board is drawn as an image. */
const IMAGE_FLAG = 'i';

/** A metric's value as people read it: counts grouped, K/D with two decimals, percentages, minutes as hours. */
export function formatMetric(metric: Metric, value: number): string {
  switch (metric.unit) {
    case 'count':
      return formatCount(value);
    case 'ratio':
      return formatRatio(value);
    case 'percent':
      return formatPercent(value);
    case 'per_minute':
      return formatDecimal(value, 1);
    case 'minutes':
      return formatMinutes(value);
  }
}

/** The rule a board ranks by, stated in the message so nobody wonders why they are missing. */
export function thresholdText(metric: Metric, threshold: Threshold | null): string {
  const who = threshold
    ? `Ranked: at least ${threshold.rounds} rounds and ${threshold.minutes} minutes played in the period.`
    : `Ranked: every player with a non-zero ${metric.label.toLowerCase()}.`;
  return `${who} Bots and rounds played mostly by bots are left out.${metric.order === 'asc' ? ' Lower is better.' : ''}`;
}

/** The period's label, or (a button on an older period) its stored name: "Season 2025 Q3", "Session 16 (…)". */
function shownLabel(period: BoardPeriod, top: TopPage): string {
  if (period.label) return period.label;
  const stored = top.board.periodName;
  if (stored === null) return period.id;
  return periodKind(period.id) === 'season' ? `Season ${stored}` : stored;
}

function standingText(top: TopPage, metric: Metric): string | null {
  if (!top.own) return null;
  const who = playerName(top.own.name);
  const s = top.own.standing;
  if (s.ranked)
    return `${who}: **#${s.rank}** of ${s.total} — ${formatMetric(metric, s.value)} (${s.rounds} rounds, ${formatMinutes(s.minutes)})`;
  if (s.threshold && s.rounds > 0) {
    return `${who}: not ranked yet — ${s.rounds}/${s.threshold.rounds} rounds, ${Math.round(s.minutes)}/${s.threshold.minutes} minutes`;
  }
  return `${who}: not ranked — nothing to count in this period`;
}

/** The message of one leaderboard page (cursor args: metric, period option, stored period, linked GUID, then `i` for image). */
export function topMessage(
  metricId: MetricId,
  period: BoardPeriod,
  top: TopPage,
  image = false,
): ImmediateMessage {
  const metric = METRICS[metricId];
  const ownGuid = top.own?.guid;
  const lines = top.board.rows.map((row) => {
    const line = `**${row.rank}.** ${playerName(row.name)} — ${formatMetric(metric, row.value)} · ${row.rounds} rounds`;
    return row.guid === ownGuid ? `${line} ◀` : line;
  });
  const embed: APIEmbed = {
    title: `Top ${metric.label} · ${shownLabel(period, top)}`,
    description:
      lines.length > 0
        ? lines.join('\n')
        : top.board.periodName === null
          ? 'This leaderboard has not been computed yet; it appears after the next recompute.'
          : 'Nobody qualifies yet.',
    color: COLOUR,
    footer: {
      text: `${thresholdText(metric, top.board.threshold)} ${metric.description} ${top.board.total} ranked.`,
    },
  };
  const standing = standingText(top, metric);
  if (standing) embed.fields = [{ name: 'Your rank', value: standing }];
  const message: ImmediateMessage = { embeds: [embed] };
  if (top.pageCount <= 1) return message;
  const args = [metricId, period.option, period.id, ownGuid ?? '', ...(image ? [IMAGE_FLAG] : [])];
  return {
    ...message,
    components: [pageButtons('top', 'page', { page: top.page, pageCount: top.pageCount, args })],
  };
}

/** A board page, and with `image` the ranked table card from rank 1 through that page (so its ranks are the board's). */
/** One page of a board and its image: the /top answer, the website's too. */
export async function topAnswer(
  db: Queryable,
  communityId: number,
  metric: MetricId,
  period: BoardPeriod,
  page: number,
  ownGuid: string | null,
  image: boolean,
): Promise<ChartedMessage> {
  const top = await topPage(db, communityId, metric, period.id, page, TOP_PAGE_SIZE, ownGuid);
  const message = topMessage(metric, period, top, image);
  if (!image || top.board.rows.length === 0) return { message };
  const through = Math.min(IMAGE_ROWS, (top.page + 1) * TOP_PAGE_SIZE);
  const board =
    top.page === 0
      ? top.board
      : (await topPage(db, communityId, metric, period.id, 0, through, null)).board;
  return { message, charts: () => [topChart(metric, period, { ...top, board })] };
}

function topChart(metricId: MetricId, period: BoardPeriod, top: TopPage): ChartImage {
  const metric = METRICS[metricId];
  const periodLabel = shownLabel(period, top);
  const rows = top.board.rows.slice(0, IMAGE_ROWS);
  const chart = leaderboardChart({
    title: `Top ${metric.label}`,
    subtitle: `${periodLabel}${metric.order === 'asc' ? ' · lower is better' : ''} · ${top.board.total} ranked`,
    metric: metric.label,
    rows: rows.map((row) => ({
      name: row.name,
      value: row.value,
      valueText: formatMetric(metric, row.value),
      details: [formatCount(row.rounds)],
    })),
    detailColumns: ['Rounds'],
  });
  const listed = rows
    .slice(0, 10)
    .map((row) => `${row.rank}. ${row.name} ${formatMetric(metric, row.value)}`);
  const description = `Leaderboard card, top ${metric.label}, ${periodLabel}, ranks 1 to ${rows.at(-1)?.rank ?? rows.length} of ${top.board.total}: ${listed.join(', ')}${rows.length > 10 ? '…' : '.'}`;
  return { chart, name: chartFileName('top', metricId, period.option), description };
}

/** `/top metric [period]`: a precomputed leaderboard, ten per page, with the caller's own rank when linked. */
export const top: Command<CommandServices> = {
  definition: {
    name: 'top',
    description:
      'Leaderboards: kills, K/D, DPM, accuracy, revives… over all time, a season, 30 days or a session',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'metric',
        description: 'What to rank by',
        required: true,
        choices: [
          ...METRIC_IDS.map((id) => ({ name: METRICS[id].label, value: id })),
          { name: 'Rating', value: RATING_METRIC },
        ],
      },
      periodOption(),
      seasonOption('A past season with data (its name, number or start date) instead of this one'),
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'image',
        description: 'Also draw the board as an image',
        required: false,
      },
    ],
  },
  rateClass: 'heavy',
  async run(ctx) {
    const metric = stringOption(ctx.options, 'metric') ?? '';
    if (metric === RATING_METRIC) return ratingTop(ctx);
    if (!isMetricId(metric))
      return reply(`There is no "${quote(metric)}" leaderboard; pick one from the list.`, {
        ephemeral: true,
      });
    const resolved = await periodOfOptions(ctx);
    if (!resolved.ok) return reply(resolved.reason, { ephemeral: true });
    const { db } = ctx.services;
    const link = await linkOfUser(db, communityOf(ctx.services).id, ctx.caller.userId);
    const image = booleanOption(ctx.options, 'image') === true;
    const answer = await topAnswer(
      db,
      communityOf(ctx.services).id,
      metric,
      resolved.period,
      0,
      link?.guid ?? null,
      image,
    );
    // A past season's board has no period link of its own: the page shows this season's.
    return chartReply(
      ctx,
      await withWebLink(ctx.services, answer, `top/${metric}?period=${resolved.period.option}`),
    );
  },
  async component(ctx) {
    const cursor = decodePageCursor(ctx.customId);
    const [metric = '', option = '', periodId = '', ownGuid = '', flag = ''] =
      cursor?.cursor.args ?? [];
    if (
      cursor?.action !== 'page' ||
      !isMetricId(metric) ||
      !isPeriodId(option) ||
      periodKind(periodId) === null
    ) {
      return reply('This button is from an older version of the bot; run /top again.', {
        ephemeral: true,
      });
    }
    // The stored period is kept, so "last session" pages stay on the session first shown even after a new one.
    const resolved = await boardPeriod(
      ctx.services.db,
      communityOf(ctx.services).id,
      option,
      ctx.now(),
      ctx.services.config.seasons,
    );
    const label = resolved.ok && resolved.period.id === periodId ? resolved.period.label : '';
    const period: BoardPeriod = { id: periodId as BoardPeriod['id'], option, label };
    const answer = await topAnswer(
      ctx.services.db,
      communityOf(ctx.services).id,
      metric,
      period,
      cursor.cursor.page,
      ownGuid || null,
      flag === IMAGE_FLAG,
    );
    // A text page changes in place at once; an image page is drawn again so the card follows the page.
    return flag === IMAGE_FLAG ? chartUpdate(ctx, answer) : update(answer.message);
  },
  autocomplete(ctx) {
    return ctx.focused.name === 'season' ? seasonChoices(ctx.services, ctx.focused.value) : [];
  },
};

/**
 * The board the `period` and `season` options name: a `season` picks that season's board (with
 * `period` left out or "This season"); otherwise the period as of now.
 */
async function periodOfOptions(
  ctx: CommandContext<CommandServices>,
): Promise<{ ok: true; period: BoardPeriod } | { ok: false; reason: string }> {
  const option = stringOption(ctx.options, 'period');
  const typed = stringOption(ctx.options, 'season')?.trim() ?? '';
  const communityId = communityOf(ctx.services).id;
  if (typed !== '') {
    if (option !== undefined && option !== 'season')
      return {
        ok: false,
        reason: `A season is a period of its own: leave \`period\` out (or set it to This season) to see season ${quote(typed)}.`,
      };
    const found = resolveSeason(await seasonsWithData(ctx.services.db, communityId), typed);
    if (!found.ok) return found;
    const { season } = found;
    return {
      ok: true,
      period: { id: season.id, option: 'season', label: `Season ${season.name}` },
    };
  }
  const period = option ?? 'all';
  if (!isPeriodId(period))
    return { ok: false, reason: `"${quote(period)}" is not a period; pick one from the list.` };
  return boardPeriod(ctx.services.db, communityId, period, ctx.now(), ctx.services.config.seasons);
}
