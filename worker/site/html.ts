import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { stripColours } from '../../stats/decode.ts';
import { displayText, stripControls } from '../../stats/display-text.ts';

// Pages are written with Hono's `html` template: every interpolated string is escaped by Hono, a
// fragment built by `html` is kept as markup, and `raw()` is kept for the chart kit's SVG only.
export { html, raw };

/** A piece of a page built by `html` (a Promise when a part of it was one). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A player's name as the commands show it: colour codes, controls and invisible characters out. */
export const nameText = (raw: string) => displayText(stripColours(raw));

/**
 * Text we did not write (a typed search, a month) without controls, bidi controls or invisible spaces,
 * as Discord's transport removes them from every message: nothing shown can reorder a line.
 */
export const pageText = (text: string) => stripControls(text).replace(/[\u200b\u2060\ufeff]/g, '');

/** The parts given, empty ones left out, with ` · ` between each two (a pager's line). */
export const joined = (parts: readonly (Html | string)[]): Html[] =>
  parts.filter((p) => p !== '').map((p, i) => (i === 0 ? html`${p}` : html` · ${p}`));
