import { box, type Chart, text } from '../element.ts';
import { chartDecimal, chartInt, chartPercent, chartTick } from '../chart-numbers.ts';
import { chartFrame, emptyBody, innerWidth } from '../kit/frame.ts';
import { radar, type RadarAxis } from '../kit/radar.ts';
import { niceCeiling } from '../kit/scale.ts';
import { displayName } from '../names.ts';
import { seriesColour, THEME } from '../theme.ts';

export type CompareMetric = 'kd' | 'accuracyPct' | 'dpm' | 'headshotPct' | 'rounds';

export interface ComparePlayer {
  /** Raw in-game name; colour codes are stripped for display. */
  readonly name: string;
  readonly kd: number;
  readonly accuracyPct: number;
  readonly dpm: number;
  readonly headshotPct: number;
  readonly rounds: number;
}

export interface CompareRadarInput {
  readonly title?: string;
  readonly subtitle?: string;
  /** Up to 4 are drawn. */
  readonly players: readonly ComparePlayer[];
  /** Fixed ranges per axis (e.g. the server's best); by default 0 up to a round number above the largest value. */
  readonly scales?: Partial<Record<CompareMetric, { readonly min: number; readonly max: number }>>;
}

const WIDTH = 800;
const RADAR_HEIGHT = 460;
const SHOWN = 4;
const ROW = 34;

const METRICS: readonly { key: CompareMetric; label: string; format: (v: number) => string }[] = [
  { key: 'kd', label: 'K/D', format: (v) => chartDecimal(v, 2) },
  { key: 'accuracyPct', label: 'Accuracy', format: chartPercent },
  { key: 'dpm', label: 'DPM', format: (v) => chartDecimal(v) },
  { key: 'headshotPct', label: 'Headshot %', format: chartPercent },
  { key: 'rounds', label: 'Rounds', format: chartInt },
];

/**
 * /compare: players on a radar of K/D, accuracy, DPM, headshot % and rounds. Each axis is linear
 * from its labelled minimum (0 unless `scales` says otherwise) to its labelled maximum, and the exact
 * figures are printed under the radar.
 */
export function compareRadarChart(input: CompareRadarInput): Chart {
  const title = input.title ?? 'Comparison';
  const players = input.players.slice(0, SHOWN);
  if (players.length === 0) {
    return chartFrame(
      { title, subtitle: input.subtitle, width: WIDTH, bodyHeight: 120 },
      emptyBody('No players to compare'),
    );
  }
  const width = innerWidth(WIDTH);
  const axes: RadarAxis[] = METRICS.map((m) => {
    const fixed = input.scales?.[m.key];
    const largest = Math.max(0, ...players.map((p) => p[m.key]).filter(Number.isFinite));
    const min = fixed?.min ?? 0;
    const max = fixed?.max ?? Math.max(min + 1e-9, niceCeiling(largest));
    return {
      label: m.label,
      min,
      max,
      format: (v) =>
        m.key === 'accuracyPct' || m.key === 'headshotPct' ? `${chartTick(v)}%` : chartTick(v),
    };
  });
  const chart = radar({
    width,
    height: RADAR_HEIGHT,
    axes,
    series: players.map((p, i) => ({
      colour: seriesColour(i),
      values: METRICS.map((m) => p[m.key]),
    })),
  });
  const nameWidth = width - METRICS.length * 104;
  const table = box(
    { flexDirection: 'column', width },
    box(
      {
        height: 30,
        alignItems: 'center',
        color: THEME.muted,
        fontSize: THEME.size.small,
        borderBottom: `1px solid ${THEME.grid}`,
      },
      text('Player', { width: nameWidth, paddingLeft: 12 }),
      ...METRICS.map((m) =>
        text(m.label, { width: 104, justifyContent: 'flex-end', paddingRight: 10 }),
      ),
    ),
    ...players.map((p, i) =>
      box(
        {
          height: ROW,
          alignItems: 'center',
          backgroundColor: i % 2 === 1 ? THEME.rowAlt : THEME.background,
        },
        box(
          { width: nameWidth, alignItems: 'center', paddingLeft: 8 },
          box({
            width: 14,
            height: 14,
            borderRadius: 7,
            backgroundColor: seriesColour(i),
            marginRight: 10,
            flexShrink: 0,
          }),
          text(displayName(p.name), { maxWidth: nameWidth - 40 }, true),
        ),
        ...METRICS.map((m) =>
          text(m.format(p[m.key]), {
            width: 104,
            justifyContent: 'flex-end',
            paddingRight: 10,
            fontWeight: 700,
          }),
        ),
      ),
    ),
  );
  return chartFrame(
    {
      title,
      subtitle: input.subtitle,
      width: WIDTH,
      bodyHeight: RADAR_HEIGHT + 12 + 30 + ROW * players.length,
      footer:
        input.players.length > SHOWN
          ? `+${input.players.length - SHOWN} more players not shown`
          : undefined,
    },
    box({ flexDirection: 'column', width }, chart, box({ marginTop: 12 }, table)),
  );
}
