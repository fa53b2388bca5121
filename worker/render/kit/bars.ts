import { box, type Element, text } from '../element.ts';
import { displayName } from '../names.ts';
import { THEME } from '../theme.ts';

export interface BarRow {
  /** A player name (colour codes allowed) or any label. */
  readonly label: string;
  readonly marker?: string | undefined;
  readonly value: number;
  readonly valueText: string;
  readonly colour: string;
  /** Quiet text after the value, e.g. "31.2% acc". */
  readonly note?: string | undefined;
}

export interface BarListOptions {
  readonly width: number;
  readonly rows: readonly BarRow[];
  readonly labelWidth: number;
  readonly valueWidth?: number;
  readonly noteWidth?: number;
  readonly rowHeight?: number;
  /** The value a full-length bar stands for; defaults to the largest row. */
  readonly max?: number;
}

/** Horizontal bars, one per row: label, bar on a faint track, value, optional note. */
export function barList(options: BarListOptions): { element: Element; height: number } {
  const rowHeight = options.rowHeight ?? 34;
  const valueWidth = options.valueWidth ?? 80;
  const noteWidth = options.noteWidth ?? 0;
  const track = options.width - options.labelWidth - valueWidth - noteWidth - 12;
  const max =
    options.max ??
    Math.max(0, ...options.rows.map((r) => (Number.isFinite(r.value) ? r.value : 0)));
  const element = box(
    { flexDirection: 'column', width: options.width },
    ...options.rows.map((row) => {
      const fraction = max > 0 && row.value > 0 ? Math.min(1, row.value / max) : 0;
      return box(
        { height: rowHeight, alignItems: 'center' },
        box(
          { width: options.labelWidth, alignItems: 'center', flexShrink: 0 },
          row.marker
            ? box({
                width: 4,
                height: Math.round(rowHeight * 0.6),
                backgroundColor: row.marker,
                borderRadius: 2,
                marginRight: 8,
              })
            : null,
          text(displayName(row.label), { maxWidth: options.labelWidth - 16 }, true),
        ),
        box(
          {
            width: track,
            height: Math.round(rowHeight * 0.55),
            backgroundColor: THEME.panel,
            borderRadius: 4,
            marginLeft: 6,
            flexShrink: 0,
          },
          box({
            width: Math.max(fraction > 0 ? 3 : 0, Math.round(fraction * track)),
            backgroundColor: row.colour,
            borderRadius: 4,
          }),
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
