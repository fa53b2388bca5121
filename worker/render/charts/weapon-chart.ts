import type { Chart } from '../element.ts';
import { chartInt, chartPercent } from '../chart-numbers.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { fractionsOf, ratio } from '../kit/scale.ts';
import { rankedTable, type TableColumn } from '../kit/table.ts';
import { teamColour } from '../theme.ts';

export interface WeaponChartRow {
  /** A weapon's display name, or a player's raw name (colour codes are stripped). */
  readonly label: string;
  readonly team?: 1 | 2 | null;
  readonly kills: number;
  readonly deaths: number;
  readonly hits: number;
  readonly shots: number;
  /** Headshot hits (the weapon counter), not headshot kills. */
  readonly headshots: number;
}

export interface WeaponChartInput {
  readonly title: string;
  readonly subtitle?: string;
  /** "Weapon" when rows are weapons, "Player" when they are the players of one weapon. */
  readonly labelHeading?: string;
  readonly rows: readonly WeaponChartRow[];
}

const WIDTH = 800;
const SHOWN = 15;
const COLUMNS: readonly TableColumn[] = [
  { label: 'Kills', width: 96 },
  { label: 'Deaths', width: 96 },
  { label: 'Accuracy', width: 112 },
  { label: 'Headshots', width: 120 },
];

/**
 * /weapon: kills, deaths, accuracy (hits / shots) and headshot share (headshot hits / hits) per
 * weapon or per player of one weapon, most kills first.
 */
export function weaponChart(input: WeaponChartInput): Chart {
  const rows = [...input.rows].sort((a, b) => b.kills - a.kills || b.hits - a.hits).slice(0, SHOWN);
  if (rows.length === 0) {
    return chartFrame(
      { title: input.title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No weapon use recorded'),
    );
  }
  const accuracy = rows.map((r) => ratio(r.hits, r.shots));
  const headshots = rows.map((r) => ratio(r.headshots, r.hits));
  const killBars = fractionsOf(rows.map((r) => r.kills));
  const deathBars = fractionsOf(rows.map((r) => r.deaths));
  const pct = (v: number | null) => (v === null ? '–' : chartPercent(v * 100));
  const table = rankedTable({
    width: innerWidth(WIDTH),
    nameLabel: input.labelHeading ?? 'Weapon',
    columns: COLUMNS,
    rows: rows.map((r, i) => ({
      rank: i + 1,
      name: r.label,
      marker: r.team ? teamColour(r.team) : undefined,
      cells: [
        { text: chartInt(r.kills), bar: killBars[i] ?? 0, colour: '#3ba55d' },
        { text: chartInt(r.deaths), bar: deathBars[i] ?? 0, colour: '#ed4245' },
        // Shares are drawn against 100%, not against the best row, so 30% looks like 30%.
        { text: pct(accuracy[i] ?? null), bar: accuracy[i] ?? 0, colour: '#f0b232' },
        { text: pct(headshots[i] ?? null), bar: headshots[i] ?? 0, colour: '#a78bfa' },
      ],
    })),
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
