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
  /** Started at least one map (played a round 1); false for a substitute who only came in for an R2. */
  readonly lineup: boolean;
  readonly kills: number;
  readonly deaths: number;
  /** Damage given over the session: what the panel ranks by. */
  readonly damageGiven: number;
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
/**
 * A safety cap for a public server's evening: every player who started a map is shown up to here
 * (a stopwatch session has a dozen), the rest are counted in the footer.
 */
const SHOWN = 40;
const COLUMNS: readonly TableColumn[] = [
  { label: 'Damage', width: 90 },
  { label: 'Kills', width: 64 },
  { label: 'Deaths', width: 74 },
  { label: 'DPM', width: 78 },
  { label: 'Played', width: 96 },
  { label: 'Dead', width: 92 },
  { label: 'Denied', width: 92 },
];
const COLOURS = [
  '#57f287',
  '#3ba55d',
  '#ed4245',
  '#f0b232',
  '#5865f2',
  '#a0526b',
  '#a78bfa',
] as const;

/**
 * The ranking rule, stated on the chart. DPM alone put an 11-minute substitute on top and the
 * regulars out of view; damage given is DPM × time played, so it weighs a rate by how long it lasted.
 */
export const PERFORMANCE_RANKING = 'Ranked by damage given (DPM × time played)';

/** The panel's players in its order: everyone who started a map, most damage given first. */
export function performanceOrder(
  players: readonly SessionPerformancePlayer[],
): SessionPerformancePlayer[] {
  return players
    .filter((p) => p.lineup)
    .sort((a, b) => b.damageGiven - a.damageGiven || b.kills - a.kills || b.dpm - a.dpm);
}

/**
 * Last session, "performance": everyone who started a map, ranked by damage given, with kills, deaths,
 * DPM and time figures. Substitutes who only played a round 2 are counted in the footer.
 */
export function sessionPerformanceChart(input: SessionPerformanceInput): Chart {
  const title = input.title ?? 'Session performance';
  const lineup = performanceOrder(input.players);
  const players = lineup.slice(0, SHOWN);
  if (players.length === 0) {
    return chartFrame(
      { title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No players in this session'),
    );
  }
  const columns = [
    players.map((p) => p.damageGiven),
    players.map((p) => p.kills),
    players.map((p) => p.deaths),
    players.map((p) => p.dpm),
    players.map((p) => p.timePlayedMin),
    players.map((p) => p.timeDeadMin),
    players.map((p) => p.deniedPlaytimeS ?? 0),
  ];
  const bars = columns.map(fractionsOf);
  const texts = (p: SessionPerformancePlayer) => [
    chartInt(p.damageGiven),
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
      footer: [
        PERFORMANCE_RANKING,
        omittedNote(lineup.length, players.length),
        substitutesNote(input.players.length - lineup.length),
      ]
        .filter(Boolean)
        .join(' · '),
    },
    table.element,
  );
}

function substitutesNote(count: number): string | undefined {
  if (count === 0) return undefined;
  return `${count} ${count === 1 ? 'substitute' : 'substitutes'} who only played a round 2 not shown`;
}
