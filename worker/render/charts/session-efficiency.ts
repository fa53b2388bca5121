import type { Chart } from '../element.ts';
import { chartDecimal, chartInt } from '../chart-numbers.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { groupedBars, groupedRowHeight } from '../kit/grouped-bars.ts';
import { legend } from '../kit/legend.ts';
import { fractionsOf, omittedNote, ratio } from '../kit/scale.ts';
import { rankedTable, type TableColumn } from '../kit/table.ts';
import { box } from '../element.ts';
import { teamColour, THEME } from '../theme.ts';

export interface SessionEfficiencyPlayer {
  /** Raw in-game name; colour codes are stripped for display. */
  readonly name: string;
  readonly team?: 1 | 2 | null;
  readonly damageGiven: number;
  readonly damageReceived: number;
  /** Ammunition fired (field 20, the sum of shots). */
  readonly bulletsFired: number;
  readonly kills: number;
}

export interface SessionEfficiencyInput {
  readonly title?: string;
  readonly subtitle?: string;
  readonly players: readonly SessionEfficiencyPlayer[];
}

const WIDTH = 900;
/** Says what the last column is and which way is better: more bullets per kill is worse. */
export const PER_KILL_NOTE = 'Per kill: bullets per kill (lower is better)';
const SHOWN = 10;
const GIVEN = THEME.good;
const RECEIVED = THEME.bad;
const COLUMNS: readonly TableColumn[] = [
  { label: 'Damage given / received', width: 312, align: 'left' },
  { label: 'Ratio', width: 82 },
  { label: 'Bullets', width: 98 },
  { label: 'Per kill ↓', width: 110 },
];

/**
 * Last session, "combat efficiency": damage given against received, their ratio, ammunition fired
 * and bullets per kill, for the 10 players who dealt the most damage. A ratio or per-kill figure
 * that does not exist (nothing received, no kills) is shown as "–", never as 0.
 */
export function sessionEfficiencyChart(input: SessionEfficiencyInput): Chart {
  const title = input.title ?? 'Combat efficiency';
  const players = [...input.players]
    .sort((a, b) => b.damageGiven - a.damageGiven || b.kills - a.kills)
    .slice(0, SHOWN);
  if (players.length === 0) {
    return chartFrame(
      { title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No players in this session'),
    );
  }
  const damageMax = Math.max(0, ...players.flatMap((p) => [p.damageGiven, p.damageReceived]));
  const ratios = players.map((p) => ratio(p.damageGiven, p.damageReceived));
  const perKill = players.map((p) => ratio(p.bulletsFired, p.kills));
  const ratioBars = fractionsOf(ratios.map((r) => r ?? 0));
  const bulletBars = fractionsOf(players.map((p) => p.bulletsFired));
  const perKillBars = fractionsOf(perKill.map((r) => r ?? 0));
  const rowHeight = groupedRowHeight(2);
  const key = legend(
    [
      { label: 'Damage given', colour: GIVEN },
      { label: 'Damage received', colour: RECEIVED },
    ],
    360,
    2,
  );
  const table = rankedTable({
    width: innerWidth(WIDTH),
    nameLabel: 'Player',
    columns: COLUMNS,
    rowHeight,
    rows: players.map((p, i) => ({
      rank: i + 1,
      name: p.name,
      marker: p.team ? teamColour(p.team) : undefined,
      cells: [
        {
          element: groupedBars(
            [
              { value: p.damageGiven, valueText: chartInt(p.damageGiven), colour: GIVEN },
              { value: p.damageReceived, valueText: chartInt(p.damageReceived), colour: RECEIVED },
            ],
            COLUMNS[0]!.width - 16,
            damageMax,
          ),
        },
        {
          text: ratios[i] === null ? '–' : chartDecimal(ratios[i]!, 2),
          bar: ratioBars[i] ?? 0,
          colour: '#f0b232',
        },
        { text: chartInt(p.bulletsFired), bar: bulletBars[i] ?? 0, colour: '#5865f2' },
        {
          text: perKill[i] === null ? '–' : chartDecimal(perKill[i]!, 1),
          bar: perKillBars[i] ?? 0,
          colour: '#a78bfa',
        },
      ],
    })),
  });
  return chartFrame(
    {
      title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: key.height + 8 + table.height,
      footer: [PER_KILL_NOTE, omittedNote(input.players.length, players.length)]
        .filter(Boolean)
        .join(' · '),
    },
    box(
      { flexDirection: 'column' },
      box({ height: key.height, marginBottom: 8 }, key.element),
      table.element,
    ),
  );
}
