import { box, type Element, text } from '../element.ts';
import { displayName } from '../names.ts';
import { THEME } from '../theme.ts';

export interface GroupedBar {
  readonly value: number;
  readonly valueText: string;
  readonly colour: string;
}

export interface GroupedBarRow {
  readonly label: string;
  readonly marker?: string | undefined;
  /** The same series in the same order on every row (e.g. damage given, damage received). */
  readonly bars: readonly GroupedBar[];
}

export interface GroupedBarOptions {
  readonly width: number;
  readonly labelWidth: number;
  readonly rows: readonly GroupedBarRow[];
  readonly valueWidth?: number;
}

const BAR_HEIGHT = 12;
const BAR_GAP = 3;
const ROW_PAD = 8;

/** Height of one row holding `series` bars: what a table cell needs to hold `groupedBars`. */
export function groupedRowHeight(series: number): number {
  return Math.max(34, series * BAR_HEIGHT + (series - 1) * BAR_GAP + ROW_PAD * 2);
}

/**
 * The bars of one group, stacked thin: used inside a table cell or a grouped bar list.
 * `max` is shared by all rows so lengths compare across players.
 */
export function groupedBars(
  bars: readonly GroupedBar[],
  width: number,
  max: number,
  valueWidth = 64,
): Element {
  const track = width - valueWidth;
  return box(
    { flexDirection: 'column', width, justifyContent: 'center' },
    ...bars.map((bar, i) => {
      const fraction = max > 0 && bar.value > 0 ? Math.min(1, bar.value / max) : 0;
      return box(
        { height: BAR_HEIGHT, alignItems: 'center', marginTop: i === 0 ? 0 : BAR_GAP },
        box(
          { width: track, height: BAR_HEIGHT, flexShrink: 0 },
          box({
            width: Math.max(fraction > 0 ? 3 : 0, Math.round(fraction * track)),
            backgroundColor: bar.colour,
            borderRadius: 3,
          }),
        ),
        text(bar.valueText, {
          width: valueWidth,
          justifyContent: 'flex-end',
          fontSize: 14,
          lineHeight: 1,
          color: THEME.text,
          whiteSpace: 'nowrap',
        }),
      );
    }),
  );
}

/** One row per label with a group of thin bars, all on one scale. */
export function groupedBarList(options: GroupedBarOptions): { element: Element; height: number } {
  const series = Math.max(1, ...options.rows.map((r) => r.bars.length));
  const rowHeight = groupedRowHeight(series);
  const max = Math.max(
    0,
    ...options.rows.flatMap((r) => r.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))),
  );
  const element = box(
    { flexDirection: 'column', width: options.width },
    ...options.rows.map((row, i) =>
      box(
        {
          height: rowHeight,
          alignItems: 'center',
          backgroundColor: i % 2 === 1 ? THEME.rowAlt : THEME.background,
        },
        box(
          { width: options.labelWidth, alignItems: 'center', flexShrink: 0, paddingLeft: 6 },
          row.marker
            ? box({
                width: 4,
                height: rowHeight - 14,
                backgroundColor: row.marker,
                borderRadius: 2,
                marginRight: 8,
              })
            : null,
          text(displayName(row.label), { maxWidth: options.labelWidth - 20 }, true),
        ),
        groupedBars(row.bars, options.width - options.labelWidth - 8, max, options.valueWidth),
      ),
    ),
  );
  return { element, height: rowHeight * options.rows.length };
}
