import type { APIEmbed } from 'discord-api-types/v10';
import { currentSeason } from '../../stats/seasons.ts';
import type { Command } from '../discord/command.ts';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { seasonAt, type StoredSeason } from '../queries/period.ts';
import {
  hasEnded,
  SEASON_METRICS,
  type SeasonOverview,
  seasonOverview,
} from '../queries/season.ts';
import {
  type AllTimeChampions,
  allTimeChampions,
  seasonsWithData,
} from '../queries/season-history.ts';
import { METRICS } from '../recompute/metrics.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { resolveSeason, seasonChoices, seasonOption } from './kit/season-option.ts';
import { playerName } from './kit/text-format.ts';
import { formatMetric } from './top.ts';

const COLOUR = 0x2ecc71;
const HALL_COLOUR = 0xf1c40f;
const MEDALS = ['🥇', '🥈', '🥉'];
/** How many title holders a board lists in the all-time champions before "+N more". */
const HOLDERS = 4;

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export interface SeasonAnswer {
  readonly overview: SeasonOverview;
  /** The running season's name when the one shown is the latest with data instead (nobody played in it). */
  readonly runningName: string | null;
  readonly champions: AllTimeChampions;
  /** How many seasons with data have ended: the titles come from them. */
  readonly endedSeasons: number;
}

/** The season asked for (or "this season"), its standings, and every ended season's champions. */
export async function seasonData(
  db: Queryable,
  config: Pick<Config, 'seasons'>,
  communityId: number,
  typed: string | undefined,
  now: Date,
): Promise<{ ok: true; answer: SeasonAnswer } | { ok: false; reason: string }> {
  const seasons = await seasonsWithData(db, communityId);
  let season: StoredSeason | null;
  if (typed !== undefined && typed.trim() !== '') {
    const found = resolveSeason(seasons, typed);
    if (!found.ok) return found;
    season = found.season;
  } else {
    season = await seasonAt(db, communityId, now, config.seasons);
    if (!season)
      return {
        ok: false,
        reason:
          'No season has started yet: the first date of the SEASONS setting is still ahead. Ask the bot’s operator to check it.',
      };
  }
  const ended = seasons.filter((s) => hasEnded(s, now));
  return {
    ok: true,
    answer: {
      overview: await seasonOverview(db, communityId, season, now),
      runningName: season.fallback ? (currentSeason(now, config.seasons)?.name ?? null) : null,
      champions: await allTimeChampions(db, communityId, ended),
      endedSeasons: ended.length,
    },
  };
}

function datesLine(overview: SeasonOverview): string {
  const { season } = overview;
  const start = `<t:${unix(season.startsAt)}:D>`;
  if (overview.ended && season.endsAt !== null)
    return `Ran ${start} – <t:${unix(season.endsAt) - 1}:D> · **final standings**`;
  const ends =
    season.endsAt === null
      ? 'open-ended'
      : `ends <t:${unix(season.endsAt)}:D> (<t:${unix(season.endsAt)}:R>)`;
  const left =
    overview.daysLeft === null
      ? ''
      : ` · **${overview.daysLeft}** day${overview.daysLeft === 1 ? '' : 's'} left`;
  return `Started ${start} · ${ends}${left}`;
}

/** One board's field: the top three (the champion marked 🏆 once the season is over) and its minimum. */
function boardField(overview: SeasonOverview, standing: SeasonOverview['standings'][number]) {
  const metric = METRICS[standing.metric];
  const lines = standing.leaders.map((l) => {
    const mark = overview.ended && l.rank === 1 ? '🏆' : (MEDALS[l.rank - 1] ?? `${l.rank}.`);
    return `${mark} ${playerName(l.name)} — ${formatMetric(metric, l.value)}`;
  });
  const rule = standing.threshold
    ? `\n_needs ${standing.threshold.rounds} rounds, ${standing.threshold.minutes} min_`
    : '';
  return { name: metric.label, value: `${lines.join('\n') || 'Nobody yet.'}${rule}`, inline: true };
}

/** Which seasons a title holder won, while that stays short. */
const wonIn = (seasons: readonly string[]) =>
  seasons.length <= 2 ? ` (${seasons.join(', ')})` : '';

/** The all-time champions: per board, who won it at the end of a season and how often. */
function hallEmbed(answer: SeasonAnswer): APIEmbed {
  const lines = SEASON_METRICS.map((metric) => {
    const titles = answer.champions[metric] ?? [];
    const shown = titles
      .slice(0, HOLDERS)
      .map((t) => `${playerName(t.name)} ×${t.seasons.length}${wonIn(t.seasons)}`);
    const more = titles.length > HOLDERS ? `, +${titles.length - HOLDERS} more` : '';
    return `**${METRICS[metric].label}** — ${shown.join(', ') || 'no champion yet'}${more}`;
  });
  return {
    title: 'All-time champions',
    description:
      answer.endedSeasons === 0
        ? 'No season with rounds has ended yet: a title goes to the first on each board when its season ends.'
        : lines.join('\n'),
    color: HALL_COLOUR,
    footer: {
      text: `Titles: first place on a season board when the season ended (ties share it), over ${answer.endedSeasons} ended season${answer.endedSeasons === 1 ? '' : 's'} with rounds.`,
    },
  };
}

/** The /season message: the season's dates, activity and standings, then the all-time champions. */
export function seasonMessage(answer: SeasonAnswer): ImmediateMessage {
  const { overview } = answer;
  const { season } = overview;
  const embed: APIEmbed = {
    title: `Season ${season.name}`,
    description: [
      answer.runningName === null
        ? ''
        : `_Latest season with data: nobody has played in ${answer.runningName} yet._`,
      datesLine(overview),
      `**${overview.sessions}** sessions · **${overview.rounds}** rounds · **${overview.players}** players${overview.ended ? '' : ' so far'}`,
      season.computed
        ? ''
        : '_The season leaderboards are computed after the next import or cron run._',
    ]
      .filter(Boolean)
      .join('\n'),
    color: COLOUR,
    fields: overview.standings.map((standing) => boardField(overview, standing)),
    footer: {
      text: overview.ended
        ? `🏆 Champion: first on the board when the season ended. Bots and rounds played mostly by bots are left out · /top <metric> season:${season.name} for the full board`
        : 'Bots and rounds played mostly by bots are left out · /top <metric> period:This season for the full board',
    },
  };
  return { embeds: [embed, hallEmbed(answer)] };
}

/** `/season [season]`: this season (or the latest with data) or a past one, and the all-time champions. */
export const season: Command<CommandServices> = {
  definition: {
    name: 'season',
    description:
      'A season’s standings and champions (default: this one), and the all-time champions',
    options: [seasonOption('A past season with data: its name, number or start date')],
  },
  async run(ctx) {
    const data = await seasonData(
      ctx.services.db,
      ctx.services.config,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'season'),
      ctx.now(),
    );
    if (!data.ok) return reply(data.reason, { ephemeral: true });
    return reply(seasonMessage(data.answer));
  },
  autocomplete(ctx) {
    return ctx.focused.name === 'season' ? seasonChoices(ctx.services, ctx.focused.value) : [];
  },
};
