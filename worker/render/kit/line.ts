import { box, type Element, h, text } from '../element.ts';
import { chartTick } from '../chart-numbers.ts';
import { THEME } from '../theme.ts';
import { niceTicks } from './scale.ts';

export interface LineSeries {
  readonly colour: string;
  /** One per x label; null where the series has no value (a gap in the line). */
  readonly values: readonly (number | null)[];
}

export interface LineChartOptions {
  readonly width: number;
  readonly height: number;
  readonly xLabels: readonly string[];
  readonly series: readonly LineSeries[];
}

const LEFT = 54;
const RIGHT = 18;
const TOP = 10;
const LABEL_W = 120;

/** Space under the plot for the x labels: level when they fit, slanted when they would collide. */
function xLabelBand(count: number, plotWidth: number): { slanted: boolean; height: number } {
  const spacing = count > 1 ? plotWidth / (count - 1) : plotWidth;
  return spacing >= 96 ? { slanted: false, height: 30 } : { slanted: true, height: 84 };
}

/**
 * Lines over categories (maps in play order) on a y scale from 0 with round ticks. Nulls break the
 * line; a lone value shows as a dot.
 */
export function lineChart(options: LineChartOptions): Element {
  const { width, height, xLabels, series } = options;
  for (const s of series) {
    if (s.values.length !== xLabels.length)
      throw new Error(`line series has ${s.values.length} values for ${xLabels.length} x labels`);
  }
  const plotWidth = width - LEFT - RIGHT;
  const band = xLabelBand(xLabels.length, plotWidth);
  const plotHeight = height - TOP - band.height;
  const values = series.flatMap((s) =>
    s.values.filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const ticks = niceTicks(Math.max(0, ...values), 5);
  const top = ticks[ticks.length - 1] ?? 1;
  const x = (i: number) =>
    LEFT + (xLabels.length > 1 ? (i * plotWidth) / (xLabels.length - 1) : plotWidth / 2);
  const y = (v: number) => TOP + plotHeight - (Math.max(0, Math.min(v, top)) / top) * plotHeight;

  const grid = ticks.map((t) =>
    h('line', {
      x1: LEFT,
      x2: width - RIGHT,
      y1: y(t),
      y2: y(t),
      stroke: THEME.grid,
      strokeWidth: t === 0 ? 2 : 1,
    }),
  );
  const lines = series.flatMap((s) => {
    const runs: [number, number][][] = [];
    let run: [number, number][] = [];
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        if (run.length) runs.push(run);
        run = [];
      } else run.push([x(i), y(v)]);
    });
    if (run.length) runs.push(run);
    return runs.flatMap((r) => [
      r.length > 1
        ? h('polyline', {
            points: r.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '),
            fill: 'none',
            stroke: s.colour,
            strokeWidth: 3,
            strokeLinejoin: 'round',
            strokeLinecap: 'round',
          })
        : null,
      ...r.map(([px, py]) => h('circle', { cx: px, cy: py, r: 4, fill: s.colour })),
    ]);
  });
  const yLabels = ticks.map((t) =>
    text(chartTick(t), {
      position: 'absolute',
      left: 0,
      top: Math.round(y(t) - 10),
      width: LEFT - 10,
      height: 20,
      justifyContent: 'flex-end',
      fontSize: 14,
      color: THEME.muted,
    }),
  );
  const xLabelsEls = xLabels.map((label, i) =>
    band.slanted
      ? text(label, {
          position: 'absolute',
          left: Math.round(x(i) - LABEL_W),
          top: TOP + plotHeight + 6,
          width: LABEL_W,
          height: 20,
          justifyContent: 'flex-end',
          fontSize: 14,
          color: THEME.muted,
          transform: 'rotate(-40deg)',
          transformOrigin: 'right top',
          whiteSpace: 'nowrap',
        })
      : text(label, {
          position: 'absolute',
          // The first and last labels are kept inside the image rather than centred on their point.
          left: Math.round(Math.min(Math.max(x(i) - 48, 0), width - 96)),
          top: TOP + plotHeight + 8,
          width: 96,
          height: 20,
          justifyContent: x(i) - 48 < 0 ? 'flex-start' : x(i) + 48 > width ? 'flex-end' : 'center',
          fontSize: 14,
          color: THEME.muted,
          overflow: 'hidden',
          whiteSpace: 'nowrap',
          textOverflow: 'ellipsis',
        }),
  );
  return box(
    { position: 'relative', width, height, flexShrink: 0 },
    h(
      'svg',
      {
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        style: { position: 'absolute', left: 0, top: 0 },
      },
      ...grid,
      ...lines,
    ),
    ...yLabels,
    ...xLabelsEls,
  );
}
