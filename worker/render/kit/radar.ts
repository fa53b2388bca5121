import { box, type Element, h, text } from '../element.ts';
import { THEME } from '../theme.ts';

export interface RadarAxis {
  readonly label: string;
  /** The value at the centre and at the rim: the scale is written next to the axis name. */
  readonly min: number;
  readonly max: number;
  readonly format: (value: number) => string;
}

export interface RadarSeries {
  readonly colour: string;
  /** One per axis, in axis order. */
  readonly values: readonly number[];
}

export interface RadarOptions {
  readonly width: number;
  readonly height: number;
  readonly axes: readonly RadarAxis[];
  readonly series: readonly RadarSeries[];
}

const LABEL_W = 150;
const LABEL_H = 46;
const RINGS = [0.25, 0.5, 0.75, 1] as const;

function point(cx: number, cy: number, radius: number, angle: number): [number, number] {
  return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
}

const points = (list: readonly [number, number][]) =>
  list.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

/**
 * A radar on linear axes. Each axis is labelled with its own real range (min – max), never silently
 * normalised; a value outside it is drawn at the rim or centre.
 */
export function radar(options: RadarOptions): Element {
  const { width, height, axes } = options;
  if (axes.length < 3) throw new Error(`a radar needs at least 3 axes, got ${axes.length}`);
  for (const axis of axes) {
    if (!(axis.max > axis.min))
      throw new Error(`radar axis "${axis.label}" has max ${axis.max} not above min ${axis.min}`);
  }
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width / 2 - LABEL_W + 10, height / 2 - LABEL_H - 6);
  const angle = (i: number) => -Math.PI / 2 + (i * 2 * Math.PI) / axes.length;
  const at = (i: number, fraction: number) => point(cx, cy, radius * fraction, angle(i));
  const rings = RINGS.map((f) =>
    h('polygon', {
      points: points(axes.map((_, i) => at(i, f))),
      fill: f === 1 ? THEME.panel : 'none',
      stroke: THEME.grid,
      strokeWidth: 1,
    }),
  );
  const spokes = axes.map((_, i) => {
    const [x, y] = at(i, 1);
    return h('line', { x1: cx, y1: cy, x2: x, y2: y, stroke: THEME.grid, strokeWidth: 1 });
  });
  const shapes = options.series.flatMap((s) => {
    if (s.values.length !== axes.length)
      throw new Error(`radar series has ${s.values.length} values for ${axes.length} axes`);
    const corners = axes.map((axis, i) => {
      const v = s.values[i] ?? axis.min;
      const f = Number.isFinite(v)
        ? Math.min(1, Math.max(0, (v - axis.min) / (axis.max - axis.min)))
        : 0;
      return at(i, f);
    });
    return [
      h('polygon', {
        points: points(corners),
        fill: s.colour,
        fillOpacity: 0.18,
        stroke: s.colour,
        strokeWidth: 3,
        strokeLinejoin: 'round',
      }),
      ...corners.map(([x, y]) => h('circle', { cx: x, cy: y, r: 4.5, fill: s.colour })),
    ];
  });
  const labels = axes.map((axis, i) => {
    const a = angle(i);
    const [x, y] = point(cx, cy, radius + 14, a);
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    const left = cos > 0.3 ? x : cos < -0.3 ? x - LABEL_W : x - LABEL_W / 2;
    const top = sin < -0.3 ? y - LABEL_H : sin > 0.3 ? y : y - LABEL_H / 2;
    const align = cos > 0.3 ? 'flex-start' : cos < -0.3 ? 'flex-end' : 'center';
    return box(
      {
        position: 'absolute',
        left: Math.round(left),
        top: Math.round(top),
        width: LABEL_W,
        height: LABEL_H,
        flexDirection: 'column',
        alignItems: align,
        justifyContent: 'center',
      },
      text(axis.label, { fontWeight: 700, fontSize: 18, whiteSpace: 'nowrap' }),
      text(`${axis.format(axis.min)} – ${axis.format(axis.max)}`, {
        fontSize: 14,
        color: THEME.muted,
        whiteSpace: 'nowrap',
      }),
    );
  });
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
      ...rings,
      ...spokes,
      ...shapes,
    ),
    ...labels,
  );
}
