import type { APIEmbedField } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import {
  type MapAttack,
  type MapDetailChartInput,
  mapDetailChart,
} from '../render/charts/index.ts';
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
  plural,
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

/** The map chart's input (worker/render/charts/map-detail.ts): attacks per round, latest attack times, best players. */
export function mapChartInput(m: MapDetail, period: Period): MapDetailChartInput {
  const attack = (won: boolean, seconds: number, limit: number) => ({
    completed: won,
    seconds: won ? seconds : limit,
  });
  return {
    title: m.map,
    subtitle: `${period.label} · ${plural(m.plays, 'play')} · ${plural(m.rounds, 'round')}`,
    attack: {
      round1: { completed: m.r1_attack_wins, held: m.r1_rounds - m.r1_attack_wins },
      round2: { completed: m.r2_attack_wins, held: m.r2_rounds - m.r2_attack_wins },
    },
    stopwatch: {
      firstAttackersWon: m.first_attackers_won,
      firstDefendersWon: m.first_defenders_won,
      drawn: m.drawn,
    },
    plays: m.recent_plays.map((p) => ({
      label: formatDay(p.started_at),
      first: attack(p.r1_attackers_won, p.r1_duration_s, p.r1_time_limit_s),
      second:
        p.r2_attackers_won === null || p.r2_duration_s === null || p.r2_time_limit_s === null
          ? null
          : attack(p.r2_attackers_won, p.r2_duration_s, p.r2_time_limit_s),
    })),
    players: m.best_players.map((p) => ({ name: p.name, dpm: p.dpm, kd: p.kd, rounds: p.rounds })),
    minRounds: MAP_MIN_ROUNDS,
  };
}

/** The /map message and its chart: attacks completed or held, the latest attack times, the best players. */
export function mapAnswer(m: MapDetail, period: Period): ChartedMessage {
  const input = mapChartInput(m, period);
  const pct = (r: { completed: number; held: number }) =>
    formatPercent(share(r.completed, r.completed + r.held));
  const times = input.plays.map(
    (p) => `${p.label} ${timeText(p.first)} / ${p.second === null ? 'no R2' : timeText(p.second)}`,
  );
  const best = input.players.map((p) => `${p.name} ${formatDecimal(p.dpm)} DPM`);
  const description = `${m.map}, ${period.label}: attackers completed ${pct(input.attack.round1)} of round 1s and ${pct(input.attack.round2)} of round 2s. Latest attack times (round 1 / round 2): ${times.join(', ') || 'none'}. Best DPM here: ${best.join(', ') || `nobody with ${MAP_MIN_ROUNDS} rounds`}.`;
  return {
    message: mapMessage(m, period),
    charts: () => [
      { chart: mapDetailChart(input), name: chartFileName('map', m.map), description },
    ],
  };
}

const timeText = (a: MapAttack) => (a.completed ? formatClock(a.seconds) : 'held');
