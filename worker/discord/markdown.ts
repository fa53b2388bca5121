// Player names are chosen by players: "*olz*", "@everyone", "</stats:1>", "-# tiny" or "||x||" must
// show as typed and must not format, link or ping. allowed_mentions stops pings; this stops formatting.
// Discord hides a backslash before any punctuation, so over-escaping costs length, never looks.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we remove
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const MARKDOWN = /[\\*_~`|>#\-[\]()<:]/g;
const MASS_MENTION = /@(everyone|here)/gi;

/** Escapes text (a player, map or server name) for Discord markdown in content, descriptions and field values. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, ' ')
    .replace(MARKDOWN, (char) => `\\${char}`)
    .replace(MASS_MENTION, '@\u200b$1');
}

/**
 * Makes text safe inside a ``` code block, where backslashes show literally: only a backtick can break
 * out, so it becomes a look-alike (U+02CB).
 */
export function escapeCodeBlock(text: string): string {
  return text.replace(CONTROL, ' ').replace(/`/g, '\u02cb');
}
