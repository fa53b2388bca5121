import { displayText } from '../../stats/display-text.ts';

// Player names are chosen by players: "*olz*", "@everyone", "</stats:1>", "-# tiny" or "||x||" must
// show as typed and must not format, link or ping. allowed_mentions stops pings; this stops formatting.
// Discord hides a backslash before any punctuation, so over-escaping costs length, never looks.
// Both escapers first make the text one visible line (displayText): no controls, bidi, invisibles.

const MARKDOWN = /[\\*_~`|>#\-[\]()<:]/g;
const MASS_MENTION = /@(everyone|here)/gi;

/**
 * Escapes text (a player, map or server name) for Discord markdown in content, descriptions and
 * field values. '' when nothing visible is left: callers show their fallback.
 */
export function escapeMarkdown(text: string): string {
  return displayText(text)
    .replace(MARKDOWN, (char) => `\\${char}`)
    .replace(MASS_MENTION, '@\u200b$1');
}

/**
 * Makes text safe inside a ``` code block, where backslashes show literally: only a backtick can break
 * out, so it becomes a look-alike (U+02CB).
 */
export function escapeCodeBlock(text: string): string {
  return displayText(text).replace(/`/g, '\u02cb');
}
