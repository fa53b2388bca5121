import { escapeCodeBlock, escapeMarkdown } from '../../discord/markdown.ts';

/**
 * How player commands print figures: one format per kind of number, so a K/D or a DPM reads the same in
 * /stats, /compare and /weapon; and small tables in code blocks narrow enough for a phone.
 */

/** Discord on a phone wraps a code block at about 40 monospace characters; tables stay inside. */
export const PHONE_WIDTH = 38;

/** A whole number with thousands groups: 12345 → "12,345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const s = Math.round(Math.abs(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && Math.round(n) !== 0 ? `-${s}` : s;
}

/** What messages say for a figure a round's file did not carry (an older mod's layout). */
export const NOT_RECORDED = 'not recorded';

/**
 * A summed figure that older files do not carry: "not recorded" when no round had it, the count with
 * "(in 12 of 30 rounds)" when only some did, else the count.
 */
export function formatKnownCount(
  value: number | null,
  knownRounds: number,
  rounds: number,
  noun = '',
): string {
  if (value === null || knownRounds === 0) return NOT_RECORDED;
  const count = noun ? `${formatCount(value)} ${noun}` : formatCount(value);
  return knownRounds < rounds
    ? `${count} (in ${formatCount(knownRounds)} of ${plural(rounds, 'round')})`
    : count;
}

/** A count with its noun: "1 round", "1,234 rounds". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** A number with fixed decimals (K/D with 2, DPM with 1). */
export function formatDecimal(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

/** A ratio such as K/D: two decimals. */
export const formatRatio = (n: number) => formatDecimal(n, 2);

/** A percentage already scaled to 0–100: "23.4%"; null (nothing to divide by) is "–". */
export function formatPercent(pct: number | null): string {
  return pct === null || !Number.isFinite(pct) ? '–' : `${pct.toFixed(1)}%`;
}

/** part / whole as a percentage, or null when the whole is zero. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

/** Minutes played as "12h 05m", "45m" or "0m" (the files count time in tenths of minutes). */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) return '–';
  const total = Math.round(minutes);
  const hours = Math.floor(total / 60);
  return hours > 0 ? `${hours}h ${String(total % 60).padStart(2, '0')}m` : `${total}m`;
}

/** Seconds as "m:ss", as the game shows round times. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** An instant (ISO text or Date) as its UTC day, "2025-09-04". */
export function formatDay(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

/** An instant as "2025-09-04 20:27 UTC". */
export function formatInstant(at: string | Date): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A player's name for markdown text (content, descriptions, field values): one visible line,
 * escaped, never empty ("(no name)" when nothing visible is left).
 */
export function playerName(name: string): string {
  return escapeMarkdown(name) || '(no name)';
}

/** Names joined with ", " up to `max` characters, then "and N more". Each is escaped for markdown. */
export function nameList(names: readonly string[], max = 900): string {
  const shown: string[] = [];
  let size = 0;
  for (const [i, name] of names.entries()) {
    const escaped = playerName(name);
    // Room is kept for the " and N more" tail.
    if (shown.length > 0 && size + 2 + escaped.length > max - 16)
      return `${shown.join(', ')} and ${names.length - i} more`;
    size += (shown.length > 0 ? 2 : 0) + escaped.length;
    shown.push(escaped);
  }
  return shown.join(', ');
}

export interface Column {
  readonly header: string;
  /** Numbers align right; text left. */
  readonly align?: 'left' | 'right';
  /** The one column that gives up characters when the table is too wide (names, maps). */
  readonly shrink?: boolean;
}

/**
 * A table in a code block: monospace, padded columns, the `shrink` column cut with "…" so the widest row
 * fits `width`. Cells are made safe for a code block (a backtick cannot end it), so names print as typed.
 */
export function codeTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width = PHONE_WIDTH,
): string {
  const cells = [columns.map((c) => c.header), ...rows].map((row) =>
    columns.map((_, i) => chars(escapeCodeBlock(row[i] ?? ''))),
  );
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const shrink = columns.findIndex((c) => c.shrink);
  const total = widths.reduce((sum, w) => sum + w, 0) + columns.length - 1;
  if (shrink >= 0 && total > width) widths[shrink] = Math.max(4, widths[shrink]! - (total - width));
  const lines = cells.map((row) =>
    row
      .map((cell, i) => {
        const w = widths[i]!;
        const text = cell.length > w ? [...cell.slice(0, w - 1), '…'] : cell;
        const pad = ' '.repeat(w - text.length);
        return columns[i]!.align === 'right' ? pad + text.join('') : text.join('') + pad;
      })
      .join(' ')
      .trimEnd(),
  );
  return ['```', ...lines, '```'].join('\n');
}

/** Code points, so a name is never cut inside a surrogate pair. */
function chars(text: string): string[] {
  return Array.from(text);
}
