import type { APIEmbed } from 'discord-api-types/v10';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { type CompareRadarInput, compareRadarChart } from '../render/charts/index.ts';
import { type Comparison, comparePlayers } from '../queries/compare.ts';
import { type HeadToHeadKills, headToHeadKills } from '../queries/head-to-head-kills.ts';
import { headToHeadKillsField } from './compare-kills.ts';
import type { PlayerRef } from '../queries/links.ts';
import { type Period, resolvePeriod } from '../queries/period.ts';
import type { MapResults, PlayerTotals } from '../queries/player-stats.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { type ChartedMessage, chartFileName, chartReplyLater } from './kit/chart-reply.ts';
import {
  codeTable,
  formatCount,
  formatDecimal,
  formatMinutes,
  formatPercent,
  formatRatio,
  playerName,
  plural,
  share,
} from './kit/text-format.ts';
import { periodOption, playerOption, resolvePlayer } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { guidInPath, withWebLink } from './kit/web-link.ts';

const COLOUR = 0xfaa61a;
/** Names in the table's header are cut to this many characters so it fits a phone. */
const HEADER_NAME = 9;
/**
 * Written after the better of the two figures. A sign between them ("872 < 651") read as an
 * inequality of the numbers, false whenever the better side had the smaller one. ASCII, because
 * Discord may draw a symbol such as ◀ as a wide emoji and shift the columns.
 */
export const BETTER = '*';
const BETTER_NOTE = '↓: the lower figure is better';

export interface Category {
  readonly label: string;
  readonly value: (t: PlayerTotals) => number | null;
  readonly format: (value: number) => string;
  /** Fewer deaths and less damage taken win. */
  readonly better: 'higher' | 'lower';
}

/** The categories /compare scores, in the order it prints them. */
export const CATEGORIES: readonly Category[] = [
  { label: 'Rounds', value: (t) => t.rounds, format: formatCount, better: 'higher' },
  { label: 'Time', value: (t) => t.time_played_min, format: formatMinutes, better: 'higher' },
  { label: 'Kills', value: (t) => t.kills, format: formatCount, better: 'higher' },
  { label: 'Deaths', value: (t) => t.deaths, format: formatCount, better: 'lower' },
  { label: 'K/D', value: (t) => t.kd, format: formatRatio, better: 'higher' },
  { label: 'DPM', value: (t) => t.dpm, format: (v) => formatDecimal(v), better: 'higher' },
  {
    label: 'Accuracy',
    value: (t) => share(t.hits, t.shots),
    format: formatPercent,
    better: 'higher',
  },
  {
    label: 'HS %',
    value: (t) => share(t.headshot_hits, t.hits),
    format: formatPercent,
    better: 'higher',
  },
  { label: 'HS kills', value: (t) => t.headshot_kills, format: formatCount, better: 'higher' },
  { label: 'Dmg given', value: (t) => t.damage_given, format: formatCount, better: 'higher' },
  { label: 'Dmg taken', value: (t) => t.damage_received, format: formatCount, better: 'lower' },
  { label: 'Revives', value: (t) => t.revives_given, format: formatCount, better: 'higher' },
  { label: 'Gibs', value: (t) => t.gibs, format: formatCount, better: 'higher' },
  { label: 'XP', value: (t) => t.xp, format: formatCount, better: 'higher' },
  { label: 'Efficiency', value: (t) => t.efficiency, format: formatPercent, better: 'higher' },
];

/** `/compare player1 player2 [period]`: side by side, the winner of each category, and their record. */
export const compare: Command<CommandServices> = {
  definition: {
    name: 'compare',
    description:
      'Two players side by side, the better of each figure, and their record against each other',
    options: [
      playerOption('player1', 'The first player: a name, part of one, or a GUID', true),
      playerOption('player2', 'The second player', true),
      periodOption(),
    ],
  },
  rateClass: 'heavy',
  access: 'public',
  async run(ctx) {
    const { db } = ctx.services;
    const first = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player1'),
      ctx.caller.userId,
    );
    if (!first.ok) return reply(`player1: ${first.reason}`, { ephemeral: true });
    const second = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player2'),
      ctx.caller.userId,
    );
    if (!second.ok) return reply(`player2: ${second.reason}`, { ephemeral: true });
    if (first.player.guid === second.player.guid)
      return reply('Pick two different players to compare.', { ephemeral: true });
    const period = await resolvePeriod(
      db,
      communityOf(ctx.services).id,
      stringOption(ctx.options, 'period'),
      ctx.now(),
    );
    if (!period.ok) return reply(period.reason, { ephemeral: true });
    return chartReplyLater(ctx, async () =>
      withWebLink(
        ctx.services,
        compareAnswer(await compareData(db, first.player, second.player, period.period)),
        `compare/${guidInPath(first.player.guid)}/${guidInPath(second.player.guid)}`,
      ),
    );
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

export interface CompareData extends Comparison {
  readonly players: readonly [PlayerRef, PlayerRef];
  readonly period: Period;
  /** From stats.lua event logs; null (or absent) when the two played no such round together. */
  readonly kills?: HeadToHeadKills | null;
}

/** Both players' figures over the period and their head-to-head record: what the message and a radar chart show. */
export async function compareData(
  db: Database,
  a: PlayerRef,
  b: PlayerRef,
  period: Period,
): Promise<CompareData> {
  return {
    ...(await comparePlayers(db, a.guid, b.guid, period)),
    kills: await headToHeadKills(db, a.guid, b.guid, period),
    players: [a, b],
    period,
  };
}

/** -1: the first player is better, 1: the second, 0: equal or not comparable. */
export function winnerOf(category: Category, a: PlayerTotals, b: PlayerTotals): -1 | 0 | 1 {
  const x = category.value(a);
  const y = category.value(b);
  if (x === null || y === null || x === y || a.rounds === 0 || b.rounds === 0) return 0;
  return x > y === (category.better === 'higher') ? -1 : 1;
}

export function compareMessage(data: CompareData): ImmediateMessage {
  const [pa, pb] = data.players;
  const wins = [0, 0, 0];
  const rows = CATEGORIES.map((c) => {
    const winner = winnerOf(c, data.a, data.b);
    wins[winner + 1]! += 1;
    const show = (t: PlayerTotals) => {
      const value = c.value(t);
      return t.rounds === 0 || value === null ? '–' : c.format(value);
    };
    return [
      c.better === 'lower' ? `${c.label} ↓` : c.label,
      show(data.a),
      winner === -1 ? BETTER : '',
      show(data.b),
      winner === 1 ? BETTER : '',
    ];
  });
  const table = codeTable(
    [
      { header: '' },
      { header: clip(pa.name), align: 'right' },
      { header: '' },
      { header: clip(pb.name), align: 'right' },
      { header: '' },
    ],
    rows,
  );
  const [aWins, ties, bWins] = wins;
  const summary = `**${playerName(pa.name)}** ${aWins} · **${playerName(pb.name)}** ${bWins} · equal ${ties} (of ${CATEGORIES.length} categories)`;
  const r = data.record;
  const embed: APIEmbed = {
    title: `${playerName(pa.name)} vs ${playerName(pb.name)}`,
    description: `${data.period.label} · \`${pa.guid}\` vs \`${pb.guid}\`\n${summary}\n${table}`,
    color: COLOUR,
    fields: [
      {
        name: 'Against each other',
        value: `${playerName(pa.name)}: ${results(r.opposite)} (${plural(r.rounds_opposed, 'round')} on opposite teams)`,
      },
      {
        name: 'On the same side',
        value: `${results(r.same)} (${plural(r.rounds_together, 'round')} together)`,
      },
      ...headToHeadKillsField(data.kills ?? null, [pa.name, pb.name]),
    ],
    footer: {
      text: `${BETTER} the better figure of each row (${BETTER_NOTE}) · maps: stopwatch, 2–0 won, 1–1 drawn`,
    },
  };
  return { embeds: [embed] };
}

function results(r: MapResults): string {
  return r.won + r.lost + r.drawn === 0
    ? 'no complete map'
    : `${r.won} won · ${r.lost} lost · ${r.drawn} drawn (${plural(r.won + r.lost + r.drawn, 'map')})`;
}

function clip(name: string): string {
  const chars = Array.from(name || '?');
  return chars.length <= HEADER_NAME
    ? chars.join('')
    : `${chars.slice(0, HEADER_NAME - 1).join('')}…`;
}

/** The radar chart's input (worker/render/charts/compare-radar.ts) from the same figures. */
export function compareRadarInput(data: CompareData): CompareRadarInput {
  const player = (ref: PlayerRef, t: PlayerTotals) => ({
    name: ref.name,
    kd: t.kd,
    accuracyPct: share(t.hits, t.shots) ?? 0,
    dpm: t.dpm,
    headshotPct: share(t.headshot_hits, t.hits) ?? 0,
    rounds: t.rounds,
  });
  return {
    title: 'Compare',
    subtitle: data.period.label,
    players: [player(data.players[0], data.a), player(data.players[1], data.b)],
  };
}

/** The /compare message and the radar of the same figures (left out when neither played in the period). */
export function compareAnswer(data: CompareData): ChartedMessage {
  const message = compareMessage(data);
  if (data.a.rounds === 0 && data.b.rounds === 0) return { message };
  const [pa, pb] = data.players;
  return {
    message,
    charts: () => {
      const input = compareRadarInput(data);
      return [
        {
          chart: compareRadarChart(input),
          name: chartFileName('compare', pa.name, 'vs', pb.name),
          description: radarAltText(input),
        },
      ];
    },
  };
}

function radarAltText(input: CompareRadarInput): string {
  const [a, b] = input.players;
  if (!a || !b) return 'Radar chart comparing two players.';
  const pair = (label: string, x: string, y: string) => `${label} ${x} vs ${y}`;
  return `Radar chart comparing ${a.name} and ${b.name}, ${input.subtitle ?? ''}; each axis runs from 0 to a round number above the larger value: ${[
    pair('K/D', formatRatio(a.kd), formatRatio(b.kd)),
    pair('accuracy', formatPercent(a.accuracyPct), formatPercent(b.accuracyPct)),
    pair('DPM', formatDecimal(a.dpm), formatDecimal(b.dpm)),
    pair('headshot %', formatPercent(a.headshotPct), formatPercent(b.headshotPct)),
    pair('rounds', formatCount(a.rounds), formatCount(b.rounds)),
  ].join(', ')}.`;
}
