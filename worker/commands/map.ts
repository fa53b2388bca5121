import type { APIEmbedField } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { type MapChartInput, mapChart } from '../render/charts/index.ts';
import { MAP_MIN_ROUNDS, type MapDetail, mapDetail, mapNames } from '../queries/maps.ts';
import { type Period, resolvePeriod } from '../queries/period.ts';
import { mapChoices } from './kit/autocomplete.ts';
import { type ChartedMessage, chartFileName, chartReply } from './kit/chart-reply.ts';
import {
  codeTable,
  formatClock,
  formatCount,
  formatDay,
  formatDecimal,
  formatPercent,
  formatRatio,
  share,
} from './kit/text-format.ts';
import { MAPS_COLOUR } from './maps.ts';
import { periodOption, quote } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

/** `/map name [period]`: one map's plays, attack win rates, stopwatch results, best players and latest plays. */
export const map: Command<CommandServices> = {
  definition: {
    name: 'map',
    description: 'One map: plays, attack win rates, stopwatch results, best players',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        description: 'The map (e.g. supply)',
        required: true,
        autocomplete: true,
        max_length: 64,
      },
      periodOption(),
    ],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const { db } = ctx.services;
    const found = await resolveMap(
      db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'name') ?? '',
    );
    if (!found.ok) return reply(found.reason, { ephemeral: true });
    const period = await resolvePeriod(
      db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'period'),
      ctx.now(),
    );
    if (!period.ok) return reply(period.reason, { ephemeral: true });
    const data = await mapData(db, found.map, period.period);
    if (!data)
      return reply(
        `${escapeMarkdown(found.map)} was not played in this period (${period.period.label}).`,
        { ephemeral: true },
      );
    return chartReply(ctx, mapAnswer(data, period.period));
  },
  autocomplete: (ctx) => mapChoices(ctx.services, ctx.focused.value),
};

/** A map's stored name from what was typed: the whole name (any case), else the one map whose name contains it. */
export async function resolveMap(
  db: Database,
  communityId: number,
  typed: string,
): Promise<{ ok: true; map: string } | { ok: false; reason: string }> {
  const text = typed.trim().toLowerCase();
  if (text === '') return { ok: false, reason: 'Name a map, e.g. supply.' };
  const found = await mapNames(db, communityId, text, 6);
  const exact = found.find((m) => m.map.toLowerCase() === text);
  if (exact) return { ok: true, map: exact.map };
  const [only] = found;
  if (found.length === 1 && only) return { ok: true, map: only.map };
  if (found.length === 0)
    return { ok: false, reason: `No map matches '${quote(typed)}'. /maps lists every map played.` };
  return {
    ok: false,
    reason: `Several maps match '${quote(typed)}': ${found
      .slice(0, 5)
      .map((m) => escapeMarkdown(m.map))
      .join(', ')} — pick one from the list.`,
  };
}

/** The figures /map prints and a map chart needs; undefined when the map was not played in the period. */
export function mapData(
  db: Database,
  name: string,
  period: Period,
): Promise<MapDetail | undefined> {
  return mapDetail(db, name, period);
}

export function mapMessage(m: MapDetail, period: Period): ImmediateMessage {
  const rate = (wins: number, rounds: number) =>
    `${formatPercent(share(wins, rounds))} (${wins}/${rounds})`;
  const fields: APIEmbedField[] = [
    {
      name: 'Plays',
      value: `${formatCount(m.plays)} (${formatCount(m.complete_plays)} complete)`,
      inline: true,
    },
    { name: 'Rounds', value: formatCount(m.rounds), inline: true },
    { name: 'Last played', value: formatDay(m.last_played_at), inline: true },
    {
      name: 'Attackers completed',
      value: `R1 ${rate(m.r1_attack_wins, m.r1_rounds)}\nR2 ${rate(m.r2_attack_wins, m.r2_rounds)}\nall ${rate(m.attack_wins, m.rounds)}`,
      inline: true,
    },
    {
      name: 'Stopwatch maps',
      value: `first attackers won ${m.first_attackers_won}\nfirst defenders won ${m.first_defenders_won}\ndrawn ${m.drawn}`,
      inline: true,
    },
    {
      name: 'Round length',
      value: `average ${formatClock(m.average_duration_s)}\nfastest objective ${m.fastest_attack_s === null ? '–' : formatClock(m.fastest_attack_s)}`,
      inline: true,
    },
    {
      name: 'Sides',
      value: `Axis won ${formatCount(m.axis_wins)} rounds · Allies won ${formatCount(m.allies_wins)}`,
    },
  ];
  if (m.best_players.length > 0) {
    const rows = m.best_players.map((p) => [
      p.name,
      formatRatio(p.kd),
      formatDecimal(p.dpm),
      formatCount(p.rounds),
    ]);
    fields.push({
      name: `Best DPM here (at least ${MAP_MIN_ROUNDS} rounds)`,
      value: codeTable(
        [
          { header: 'Player', shrink: true },
          { header: 'K/D', align: 'right' },
          { header: 'DPM', align: 'right' },
          { header: 'Rnds', align: 'right' },
        ],
        rows,
      ),
    });
  }
  if (m.recent_plays.length > 0) {
    const rows = m.recent_plays.map((p) => [
      formatDay(p.started_at),
      p.first_attackers_points === null
        ? 'no R2'
        : `${p.first_attackers_points}–${p.first_defenders_points}`,
      `${formatClock(p.r1_duration_s)}${p.r1_attackers_won ? '' : ' held'}`,
    ]);
    fields.push({
      name: 'Latest plays',
      value: codeTable(
        [{ header: 'Day' }, { header: 'Score', align: 'right' }, { header: 'R1 time' }],
        rows,
      ),
    });
  }
  return {
    embeds: [
      {
        title: escapeMarkdown(m.map),
        description: period.label,
        color: MAPS_COLOUR,
        fields,
        footer: {
          text: 'Score: points of the group that attacked first – the other · held: R1 defenders kept the objective',
        },
      },
    ],
  };
}

/** The map chart's input (worker/render/charts/map-chart.ts) for this one map. */
export function mapChartInput(m: MapDetail, period: Period): MapChartInput {
  return {
    title: m.map,
    subtitle: period.label,
    maps: [
      {
        map: m.map,
        rounds: m.rounds,
        axisWins: m.axis_wins,
        alliesWins: m.allies_wins,
        averageDurationS: m.average_duration_s,
      },
    ],
  };
}

/** The /map message and its chart: rounds won by each side and the average round length. */
export function mapAnswer(m: MapDetail, period: Period): ChartedMessage {
  const undecided = m.rounds - m.axis_wins - m.allies_wins;
  const description = `${m.map}, ${period.label}: ${formatCount(m.rounds)} rounds, Axis won ${formatCount(m.axis_wins)}, Allies won ${formatCount(m.allies_wins)}${
    undecided > 0 ? `, ${formatCount(undecided)} undecided` : ''
  }; average round ${formatClock(m.average_duration_s)}.`;
  return {
    message: mapMessage(m, period),
    charts: () => [
      { chart: mapChart(mapChartInput(m, period)), name: chartFileName('map', m.map), description },
    ],
  };
}
