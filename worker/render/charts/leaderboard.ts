import type { Chart } from '../element.ts';
import { chartDecimal } from '../chart-numbers.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { fractionsOf } from '../kit/scale.ts';
import { rankedTable, type TableCell, type TableColumn } from '../kit/table.ts';
import { teamColour, THEME } from '../theme.ts';

export interface LeaderboardRow {
  /** Raw in-game name; colour codes are stripped for display. */
  readonly name: string;
  readonly value: number;
  /** How to print the value; defaults to one decimal. */
  readonly valueText?: string;
  readonly team?: 1 | 2 | null;
  /** One string per `detailColumns` entry, e.g. rounds played. */
  readonly details?: readonly string[];
}

export interface LeaderboardInput {
  readonly title: string;
  readonly subtitle?: string;
  /** Heading of the ranked figure, e.g. "DPM". */
  readonly metric: string;
  /** Best first, as the query ranked them. Equal values share a rank. */
  readonly rows: readonly LeaderboardRow[];
  /** Up to 3 extra columns after the metric. */
  readonly detailColumns?: readonly string[];
}

const WIDTH = 800;
const SHOWN = 50;

/** Competition ranking over rows already in order: 1, 2, 2, 4. */
function ranks(rows: readonly LeaderboardRow[]): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    out.push(
      i > 0 && prev !== undefined && prev.value === row.value ? (out[i - 1] as number) : i + 1,
    );
  });
  return out;
}

/** /top: a ranked table card of one figure with a bar, plus a few detail columns. */
export function leaderboardChart(input: LeaderboardInput): Chart {
  const details = input.detailColumns ?? [];
  if (details.length > 3)
    throw new Error(`leaderboard: ${details.length} detail columns; at most 3 fit`);
  const rows = input.rows.slice(0, SHOWN);
  if (rows.length === 0) {
    return chartFrame(
      { title: input.title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('Nobody on this board yet'),
    );
  }
  const columns: TableColumn[] = [
    { label: input.metric, width: 300 - details.length * 40, bar: 'beside' },
    ...details.map((label) => ({ label, width: 100 })),
  ];
  const bars = fractionsOf(rows.map((r) => r.value));
  const rank = ranks(rows);
  const table = rankedTable({
    width: innerWidth(WIDTH),
    nameLabel: 'Player',
    columns,
    rows: rows.map((row, i) => {
      const cells: TableCell[] = [
        {
          text: row.valueText ?? chartDecimal(row.value),
          bar: bars[i] ?? 0,
          colour: (rank[i] ?? i + 1) <= 3 ? '#f0b232' : THEME.accent,
        },
        ...details.map((_, k) => row.details?.[k] ?? ''),
      ];
      return {
        rank: rank[i],
        name: row.name,
        marker: row.team ? teamColour(row.team) : undefined,
        cells,
      };
    }),
  });
  return chartFrame(
    {
      title: input.title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: table.height,
      footer:
        input.rows.length > SHOWN ? `+${input.rows.length - SHOWN} more not shown` : undefined,
    },
    table.element,
  );
}
