import { box, type Chart } from '../element.ts';
import { chartDuration, chartInt } from '../chart-numbers.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { legend } from '../kit/legend.ts';
import { stackedBarList } from '../kit/stacked-bars.ts';
import { NEUTRAL_TEAM, TEAM_COLOURS } from '../theme.ts';

export interface MapChartRow {
  /** BSP name, e.g. "etl_adlernest". */
  readonly map: string;
  readonly rounds: number;
  /** Rounds the header says Axis (1) or Allies (2) won; the rest are undecided. */
  readonly axisWins: number;
  readonly alliesWins: number;
  /** Mean round length in seconds, when known. */
  readonly averageDurationS?: number | null;
}

export interface MapChartInput {
  readonly title?: string;
  readonly subtitle?: string;
  /** In the order to draw them, e.g. most played first. */
  readonly maps: readonly MapChartRow[];
}

const WIDTH = 800;
const SHOWN = 25;

/**
 * /maps: for each map, the share of rounds won by Axis and by Allies (counts written in the bars),
 * how many rounds were played and how long a round lasted on average.
 */
export function mapChart(input: MapChartInput): Chart {
  const title = input.title ?? 'Maps';
  const maps = input.maps.slice(0, SHOWN);
  if (maps.length === 0) {
    return chartFrame(
      { title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No rounds played on this map yet'),
    );
  }
  for (const m of maps) {
    if (m.axisWins + m.alliesWins > m.rounds) {
      throw new Error(
        `map chart: ${m.map} has ${m.axisWins + m.alliesWins} wins in ${m.rounds} rounds`,
      );
    }
  }
  const width = innerWidth(WIDTH);
  // A legend entry for a colour no bar shows only raises a question.
  const anyUndecided = maps.some((m) => m.rounds > m.axisWins + m.alliesWins);
  const key = legend(
    [
      { label: 'Axis won', colour: TEAM_COLOURS[1] },
      { label: 'Allies won', colour: TEAM_COLOURS[2] },
      ...(anyUndecided ? [{ label: 'Undecided', colour: NEUTRAL_TEAM }] : []),
    ],
    480,
    3,
  );
  const bars = stackedBarList({
    width,
    labelWidth: 190,
    valueWidth: 110,
    noteWidth: 96,
    normalised: true,
    rows: maps.map((m) => {
      const undecided = m.rounds - m.axisWins - m.alliesWins;
      return {
        label: m.map,
        segments: [
          { value: m.axisWins, colour: TEAM_COLOURS[1], label: chartInt(m.axisWins) },
          { value: m.alliesWins, colour: TEAM_COLOURS[2], label: chartInt(m.alliesWins) },
          { value: undecided, colour: NEUTRAL_TEAM, label: chartInt(undecided) },
        ],
        valueText: `${chartInt(m.rounds)} ${m.rounds === 1 ? 'round' : 'rounds'}`,
        note:
          m.averageDurationS === null || m.averageDurationS === undefined
            ? ''
            : `avg ${chartDuration(m.averageDurationS)}`,
      };
    }),
  });
  return chartFrame(
    {
      title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: key.height + 10 + bars.height,
      footer:
        input.maps.length > SHOWN ? `+${input.maps.length - SHOWN} more maps not shown` : undefined,
    },
    box(
      { flexDirection: 'column', width },
      box({ height: key.height, marginBottom: 10 }, key.element),
      bars.element,
    ),
  );
}
