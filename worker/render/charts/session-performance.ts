import type { Chart } from '../element.ts';
import { chartDecimal, chartInt, chartMinutes, chartSpan } from '../chart-numbers.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { fractionsOf, omittedNote } from '../kit/scale.ts';
import { rankedTable, type TableColumn } from '../kit/table.ts';
import { teamColour } from '../theme.ts';

export interface SessionPerformancePlayer {
  /** Raw in-game name; colour codes are stripped for display. */
  readonly name: string;
  /** Side colour for the stripe before the name (1 Axis, 2 Allies); omit for none. */
  readonly team?: 1 | 2 | null;
  readonly kills: number;
  readonly deaths: number;
  /** Damage per minute over the session. */
  readonly dpm: number;
  readonly timePlayedMin: number;
  readonly timeDeadMin: number;
  /** Playtime the player denied the enemy (field 28), seconds; null where the files did not carry it. */
  readonly deniedPlaytimeS: number | null;
}

export interface SessionPerformanceInput {
  readonly title?: string;
  /** E.g. "Thu 4 Sep 2025 · 6 maps · 12 players". */
  readonly subtitle?: string;
  readonly players: readonly SessionPerformancePlayer[];
}

const WIDTH = 900;
const SHOWN = 10;
const COLUMNS: readonly TableColumn[] = [
  { label: 'Kills', width: 72 },
  { label: 'Deaths', width: 78 },
  { label: 'DPM', width: 88 },
  { label: 'Played', width: 104 },
  { label: 'Dead', width: 100 },
  { label: 'Denied', width: 100 },
];
const COLOURS = ['#3ba55d', '#ed4245', '#f0b232', '#5865f2', '#a0526b', '#a78bfa'] as const;

/** Last session, "performance": the 10 best players by DPM with kills, deaths and time figures. */
export function sessionPerformanceChart(input: SessionPerformanceInput): Chart {
  const title = input.title ?? 'Session performance';
  const players = [...input.players]
    .sort((a, b) => b.dpm - a.dpm || b.kills - a.kills)
    .slice(0, SHOWN);
  if (players.length === 0) {
    return chartFrame(
      { title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No players in this session'),
    );
  }
  const columns = [
    players.map((p) => p.kills),
    players.map((p) => p.deaths),
    players.map((p) => p.dpm),
    players.map((p) => p.timePlayedMin),
    players.map((p) => p.timeDeadMin),
    players.map((p) => p.deniedPlaytimeS ?? 0),
  ];
  const bars = columns.map(fractionsOf);
  const texts = (p: SessionPerformancePlayer) => [
    chartInt(p.kills),
    chartInt(p.deaths),
    chartDecimal(p.dpm),
    chartMinutes(p.timePlayedMin),
    chartMinutes(p.timeDeadMin),
    p.deniedPlaytimeS === null ? '–' : chartSpan(p.deniedPlaytimeS),
  ];
  const table = rankedTable({
    width: innerWidth(WIDTH),
    nameLabel: 'Player',
    columns: COLUMNS,
    rows: players.map((p, i) => ({
      rank: i + 1,
      name: p.name,
      marker: p.team ? teamColour(p.team) : undefined,
      cells: texts(p).map((t, k) => ({
        text: t,
        bar: bars[k]?.[i] ?? 0,
        colour: COLOURS[k] ?? '#888',
      })),
    })),
  });
  return chartFrame(
    {
      title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: table.height,
      footer: omittedNote(input.players.length, players.length),
    },
    table.element,
  );
}
