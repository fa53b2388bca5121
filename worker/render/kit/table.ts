import { box, type Element, type Style, text } from '../element.ts';
import { displayName } from '../names.ts';
import { THEME } from '../theme.ts';

export interface TableColumn {
  readonly label: string;
  readonly width: number;
  /** Numbers are right-aligned (the default), words left. */
  readonly align?: 'left' | 'right';
  /** Where a bar cell draws its bar: under the number (narrow columns, the default) or before it. */
  readonly bar?: 'under' | 'beside';
}

/** A cell: plain text, text over a bar (`bar` is its length as a fraction 0..1), or any element. */
export type TableCell =
  | string
  | { readonly text: string; readonly bar: number; readonly colour: string }
  | { readonly element: Element };

export interface TableRow {
  readonly rank?: number | undefined;
  /** Raw name: colour codes are stripped and long names ellipsised here. */
  readonly name: string;
  /** Colour of the stripe before the name, e.g. the player's team. */
  readonly marker?: string | undefined;
  readonly cells: readonly TableCell[];
}

export interface TableOptions {
  readonly width: number;
  readonly nameLabel: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
  /** Fixes the row height (e.g. for cells holding two bars); otherwise it depends on the row count. */
  readonly rowHeight?: number;
}

const RANK_WIDTH = 44;
const HEADER_HEIGHT = 30;
const BESIDE_VALUE = 76;

/** Row height and font size: roomy for a top 10, tighter for a long leaderboard. */
function density(rows: number): { rowHeight: number; fontSize: number } {
  return rows > 15 ? { rowHeight: 30, fontSize: 17 } : { rowHeight: 38, fontSize: THEME.size.body };
}

// Cells stretch to the row's height (the flex default), so they need no height of their own.
// Styles are kept few: satori parses every property of every element on every render.
function cellStyle(column: TableColumn, extra: Style = {}): Style {
  return {
    width: column.width,
    alignItems: 'center',
    justifyContent: column.align === 'left' ? 'flex-start' : 'flex-end',
    paddingRight: 8,
    ...(column.align === 'left' ? { paddingLeft: 8 } : {}),
    ...extra,
  };
}

function bar(
  fraction: number,
  track: number,
  height: number,
  colour: string,
  extra: Style = {},
): Element {
  return box(
    { width: track, height, backgroundColor: THEME.grid, borderRadius: 3, ...extra },
    fraction > 0
      ? box({
          width: Math.max(3, Math.round(fraction * track)),
          backgroundColor: colour,
          borderRadius: 3,
        })
      : null,
  );
}

function renderCell(cell: TableCell, column: TableColumn, height: number): Element {
  if (typeof cell === 'string') return text(cell, cellStyle(column, { whiteSpace: 'nowrap' }));
  if ('element' in cell) return box(cellStyle(column), cell.element);
  const fraction = Number.isFinite(cell.bar) ? Math.min(1, Math.max(0, cell.bar)) : 0;
  if (column.bar === 'beside') {
    const track = column.width - 16 - BESIDE_VALUE;
    return box(
      cellStyle(column),
      bar(fraction, track, Math.round(height * 0.42), cell.colour, {
        backgroundColor: THEME.panel,
      }),
      text(cell.text, {
        width: BESIDE_VALUE,
        justifyContent: 'flex-end',
        fontWeight: 700,
        whiteSpace: 'nowrap',
      }),
    );
  }
  // The bar sits under the number, so the number is always on the plain row colour.
  return box(
    cellStyle(column, {
      flexDirection: 'column',
      alignItems: column.align === 'left' ? 'flex-start' : 'flex-end',
      justifyContent: 'center',
    }),
    text(cell.text, { fontWeight: 700, lineHeight: 1.1, whiteSpace: 'nowrap' }),
    bar(fraction, column.width - 16, 5, cell.colour, { marginTop: 3 }),
  );
}

/**
 * A ranked table: rank, name (with a team stripe), then fixed-width columns. The name column takes
 * the width the others leave. Returns the element and the height it occupies.
 */
export function rankedTable(options: TableOptions): { element: Element; height: number } {
  const { rowHeight: autoHeight, fontSize } = density(options.rows.length);
  const rowHeight = options.rowHeight ?? autoHeight;
  const fixed = options.columns.reduce((sum, c) => sum + c.width, 0);
  const nameWidth = options.width - RANK_WIDTH - fixed;
  if (nameWidth < 100)
    throw new Error(`table columns take ${fixed} px of ${options.width}: no room for names`);
  const head = box(
    {
      height: HEADER_HEIGHT,
      color: THEME.muted,
      fontSize: THEME.size.small,
      borderBottom: `1px solid ${THEME.grid}`,
    },
    text('#', { width: RANK_WIDTH, alignItems: 'center', justifyContent: 'center' }),
    text(options.nameLabel, { width: nameWidth, alignItems: 'center', paddingLeft: 12 }),
    ...options.columns.map((c) => text(c.label, cellStyle(c, { whiteSpace: 'nowrap' }))),
  );
  const stripe = Math.round(rowHeight * 0.6);
  const rows = options.rows.map((row, i) =>
    box(
      {
        height: rowHeight,
        fontSize,
        backgroundColor: i % 2 === 1 ? THEME.rowAlt : THEME.background,
      },
      text(row.rank === undefined ? '' : String(row.rank), {
        width: RANK_WIDTH,
        alignItems: 'center',
        justifyContent: 'center',
        color: THEME.muted,
      }),
      box(
        { width: nameWidth, alignItems: 'center' },
        row.marker
          ? box({ width: 4, height: stripe, backgroundColor: row.marker, borderRadius: 2 })
          : null,
        text(
          displayName(row.name),
          { paddingLeft: row.marker ? 8 : 12, paddingRight: 8, maxWidth: nameWidth - 4 },
          true,
        ),
      ),
      ...row.cells.map((cell, k) => {
        const column = options.columns[k];
        if (!column)
          throw new Error(
            `table row ${i + 1} has ${row.cells.length} cells for ${options.columns.length} columns`,
          );
        return renderCell(cell, column, rowHeight);
      }),
    ),
  );
  const element = box({ flexDirection: 'column', width: options.width }, head, ...rows);
  return { element, height: HEADER_HEIGHT + rowHeight * options.rows.length };
}
