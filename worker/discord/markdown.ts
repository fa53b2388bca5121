import { displayText } from '../../stats/display-text.ts';

// Player names are chosen by players: "*olz*", "@everyone", "</stats:1>", "-# tiny" or "||x||" must
// show as typed and must not format, link or ping. allowed_mentions stops pings; this stops formatting.
// Discord hides a backslash before any punctuation, so over-escaping costs length, never looks.
// Every escaper first makes the text one visible line (displayText): no controls, bidi, invisibles.

const MARKDOWN = /[\\*_~`|>#\-[\]()<:]/g;
const MASS_MENTION = /@(everyone|here)/gi;

/**
 * Where a piece of text is shown. Discord renders markdown in message content, embed titles and
 * descriptions, field names and values; it shows embed footers, author names, button labels and
 * select options as typed, so a backslash there is seen ("EU \#1").
 */
export type TextPlace =
  | 'content'
  | 'title'
  | 'description'
  | 'field-name'
  | 'field-value'
  | 'footer'
  | 'author'
  | 'label';

const RENDERS_MARKDOWN: Readonly<Record<TextPlace, boolean>> = {
  content: true,
  title: true,
  description: true,
  'field-name': true,
  'field-value': true,
  footer: false,
  author: false,
  label: false,
};

/**
 * Escapes text (a player, map or server name) for Discord markdown in content, titles,
 * descriptions, field names and values. '' when nothing visible is left: callers show their
 * fallback.
 */
export function escapeMarkdown(text: string): string {
  return displayText(text)
    .replace(MARKDOWN, (char) => `\\${char}`)
    .replace(MASS_MENTION, '@\u200b$1');
}

/**
 * Text for a place that shows it as typed (footer, author name, label): one visible line and
 * nothing escaped, since nothing there formats, links or pings. '' when nothing visible is left.
 */
export function plainText(text: string): string {
  return displayText(text);
}

/** Text made safe for `place`: escaped where Discord renders markdown, as typed where it does not. */
export function escapeFor(place: TextPlace, text: string): string {
  return RENDERS_MARKDOWN[place] ? escapeMarkdown(text) : plainText(text);
}

/**
 * Makes text safe inside a ``` code block, where backslashes show literally: only a backtick can break
 * out, so it becomes a look-alike (U+02CB).
 */
export function escapeCodeBlock(text: string): string {
  return displayText(text).replace(/`/g, '\u02cb');
}
