import { box, type Element, text } from '../element.ts';
import { displayName } from '../names.ts';
import { THEME } from '../theme.ts';

export interface StackSegment {
  readonly value: number;
  readonly colour: string;
  /** Written inside the segment when it is wide enough. */
  readonly label?: string | undefined;
}

export interface StackedBarRow {
  readonly label: string;
  readonly segments: readonly StackSegment[];
  /** Right of the bar, e.g. the total. */
  readonly valueText: string;
  readonly note?: string | undefined;
}

export interface StackedBarOptions {
  readonly width: number;
  readonly labelWidth: number;
  readonly rows: readonly StackedBarRow[];
  readonly valueWidth?: number;
  readonly noteWidth?: number;
  /** Every bar full width (shares of 100%) instead of lengths on one scale. */
  readonly normalised?: boolean;
  readonly rowHeight?: number;
}

const MIN_LABEL_PX = 34;

const positive = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);

/** One bar per row split into coloured segments; on one scale, or each as shares of 100%. */
export function stackedBarList(options: StackedBarOptions): { element: Element; height: number } {
  const rowHeight = options.rowHeight ?? 38;
  const valueWidth = options.valueWidth ?? 70;
  const noteWidth = options.noteWidth ?? 0;
  const track = options.width - options.labelWidth - valueWidth - noteWidth - 12;
  const totals = options.rows.map((r) => r.segments.reduce((sum, s) => sum + positive(s.value), 0));
  const scaleMax = Math.max(0, ...totals);
  const element = box(
    { flexDirection: 'column', width: options.width },
    ...options.rows.map((row, i) => {
      const total = totals[i] ?? 0;
      const length = options.normalised
        ? total > 0
          ? track
          : 0
        : scaleMax > 0
          ? Math.round((total / scaleMax) * track)
          : 0;
      let used = 0;
      const segments = row.segments
        .filter((s) => positive(s.value) > 0)
        .map((s, k, all) => {
          // The last segment takes the rounding remainder so the bar ends exactly at `length`.
          const px = k === all.length - 1 ? length - used : Math.round((s.value / total) * length);
          used += px;
          return box(
            {
              width: px,
              height: '100%',
              backgroundColor: s.colour,
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: THEME.size.small,
              fontWeight: 700,
            },
            s.label && px >= MIN_LABEL_PX
              ? text(s.label, { color: '#ffffff', whiteSpace: 'nowrap' })
              : null,
          );
        });
      return box(
        { height: rowHeight, alignItems: 'center' },
        text(
          displayName(row.label),
          { width: options.labelWidth, paddingRight: 8, flexShrink: 0 },
          true,
        ),
        box(
          {
            width: track,
            height: Math.round(rowHeight * 0.7),
            backgroundColor: THEME.panel,
            borderRadius: 4,
            overflow: 'hidden',
            flexShrink: 0,
            marginLeft: 6,
          },
          ...segments,
        ),
        text(row.valueText, {
          width: valueWidth,
          justifyContent: 'flex-end',
          fontWeight: 700,
          whiteSpace: 'nowrap',
        }),
        noteWidth > 0
          ? text(row.note ?? '', {
              width: noteWidth,
              justifyContent: 'flex-end',
              color: THEME.muted,
              fontSize: THEME.size.small,
              whiteSpace: 'nowrap',
            })
          : null,
      );
    }),
  );
  return { element, height: rowHeight * options.rows.length };
}
