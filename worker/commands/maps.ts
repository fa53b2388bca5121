import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { type MapChartInput, mapChart } from '../render/charts/index.ts';
import { type MapSummary, mapsOverview } from '../queries/maps.ts';
import { type Period, resolvePeriod } from '../queries/period.ts';
import { type ChartedMessage, chartFileName, chartReply } from './kit/chart-reply.ts';
import { codeTable, formatCount, formatPercent, plural, share } from './kit/text-format.ts';
import { periodOption } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

export const MAPS_COLOUR = 0x1abc9c;
const SHOWN = 25;

export interface MapsData {
  readonly period: Period;
  /** Most played first. */
  readonly maps: readonly MapSummary[];
}

/** `/maps [period]`: every map played, how often, and how often the attackers made it. */
export const maps: Command<CommandServices> = {
  definition: {
    name: 'maps',
    description: 'Every map played: plays, rounds, attack win rates and round lengths',
    options: [periodOption()],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const period = await resolvePeriod(
      ctx.services.db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'period'),
      ctx.now(),
    );
    if (!period.ok) return reply(period.reason, { ephemeral: true });
    return chartReply(ctx, mapsAnswer(await mapsData(ctx.services.db, period.period)));
  },
};

export async function mapsData(db: Database, period: Period): Promise<MapsData> {
  return { period, maps: await mapsOverview(db, period) };
}

export function mapsMessage(data: MapsData): ImmediateMessage {
  if (data.maps.length === 0)
    return {
      embeds: [
        {
          title: 'Maps',
          description: `${data.period.label}: no rounds played.`,
          color: MAPS_COLOUR,
        },
      ],
    };
  const rows = data.maps
    .slice(0, SHOWN)
    .map((m) => [
      m.map,
      formatCount(m.plays),
      formatPercent(share(m.r1_attack_wins, m.r1_rounds)),
      formatPercent(share(m.attack_wins, m.rounds)),
    ]);
  const table = codeTable(
    [
      { header: 'Map', shrink: true },
      { header: 'Plays', align: 'right' },
      { header: 'R1 att', align: 'right' },
      { header: 'Att', align: 'right' },
    ],
    rows,
  );
  const rounds = data.maps.reduce((n, m) => n + m.rounds, 0);
  const plays = data.maps.reduce((n, m) => n + m.plays, 0);
  const more = data.maps.length > SHOWN ? `\n${data.maps.length - SHOWN} more maps not shown.` : '';
  return {
    embeds: [
      {
        title: 'Maps',
        description: `${data.period.label} · ${formatCount(data.maps.length)} maps, ${formatCount(plays)} plays, ${formatCount(rounds)} rounds\n${table}${more}`,
        color: MAPS_COLOUR,
        footer: {
          text: 'R1 att / Att: share of rounds the attackers completed (round 1 / all rounds) · /map name for one map',
        },
      },
    ],
  };
}

/** The map chart's input (worker/render/charts/map-chart.ts): rounds won by each side per map. */
export function mapsChartInput(data: MapsData): MapChartInput {
  return {
    title: 'Maps',
    subtitle: data.period.label,
    maps: data.maps.map((m) => ({
      map: m.map,
      rounds: m.rounds,
      axisWins: m.axis_wins,
      alliesWins: m.allies_wins,
      averageDurationS: m.average_duration_s,
    })),
  };
}

/** The /maps message and a chart of the most played maps (none when nothing was played). */
export function mapsAnswer(data: MapsData): ChartedMessage {
  const message = mapsMessage(data);
  if (data.maps.length === 0) return { message };
  const input = mapsChartInput(data);
  const shown = input.maps.slice(0, SHOWN);
  const which =
    shown.length === input.maps.length
      ? `each of the ${plural(shown.length, 'map')} played`
      : `the ${shown.length} most played maps`;
  const description = `Rounds won by Axis and by Allies on ${which}, ${data.period.label}: ${shown
    .map(
      (m) =>
        `${m.map} ${formatCount(m.axisWins)}–${formatCount(m.alliesWins)} of ${formatCount(m.rounds)}`,
    )
    .join(', ')}.`;
  return {
    message,
    charts: () => [
      { chart: mapChart(input), name: chartFileName('maps', data.period.id), description },
    ],
  };
}
