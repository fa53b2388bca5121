/**
 * Text a player chose (names, and map or server names from files) made safe to show. The stored
 * text stays as it was read; these run where text is shown: the markdown and code-block escapers,
 * the autocomplete answer, every message sent to Discord, and chart text.
 *
 * - Bidi controls (U+061C, U+200E/F, U+202A–E, U+2066–9) reorder what follows them on the line:
 *   a U+202E name turns a leaderboard line's figures around.
 * - C0 and C1 controls have no glyph; line breaks and tabs among them would split a line.
 * - Invisible format characters (zero-width spaces and joiners, word joiner, soft hyphen, Hangul
 *   fillers, variation selectors, tags) make a name look empty or exactly like another one.
 *   The few that an emoji or a script needs stay where they do that: a ZWJ between two
 *   pictographs (👨‍👩‍👧), U+FE0E/F after an emoji, a flag's tag sequence (🏴 + tags + U+E007F),
 *   a ZWNJ inside a word of a script that joins letters (Arabic, Indic).
 */

/** Shown as a plain space: line and paragraph breaks, tabs, the many Unicode spaces. */
const SPACES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the separating controls become a space
  /[\t\n\v\f\r\u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u2800\u3000]/g;

/** A flag's tag sequence (kept whole), or one character that shows nothing. */
const HIDDEN = new RegExp(
  String.raw`(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|` +
    String.raw`[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]`,
  'gu',
);

const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const EMOJI = /^\p{Emoji}$/u;
/** A skin tone or an emoji presentation selector between a pictograph and a ZWJ after it. */
const EMOJI_TAIL = /^[\u{1F3FB}-\u{1F3FF}\uFE0F]$/u;
/** Scripts whose letters join or form conjuncts, where a ZWNJ changes how a word is written. */
const JOINING_SCRIPTS = [
  ...['Arabic', 'Syriac', 'Nko', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya'],
  ...['Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala'],
];
const JOINING_SCRIPT = new RegExp(
  `^[${JOINING_SCRIPTS.map((script) => `\\p{scx=${script}}`).join('')}]$`,
  'u',
);
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** What the transport removes from every message: controls never right in any text we send. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Bidi_Control}\p{Cs}]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: those that separate words become a space
const CONTROL_SPACES = /[\t\u001c-\u001f\u0085\u2028\u2029]/;

/**
 * One line of player-chosen text as it may be shown: every character in the list above removed
 * (breaks and spaces of any kind become one plain space), trimmed. ET colour codes are not touched:
 * names are stored without them. May return '': callers show their fallback, e.g. "(no name)".
 */
export function displayText(text: string): string {
  return text
    .replace(SPACES, ' ')
    .replace(HIDDEN, (char: string, flag: string | undefined, at: number, whole: string) =>
      flag !== undefined || keepsMeaning(char, whole, at) ? char : '',
    )
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Removes C0/C1 controls (except the line break), bidi controls and lone surrogates from text we
 * compose ourselves: a guard under the escapers, so a caller that forgot them still cannot send a
 * reordering or invisible control. Tabs and the other separators become a space.
 */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, (char) => (CONTROL_SPACES.test(char) ? ' ' : ''));
}

/** Whether an invisible character at `at` does its job there (joins an emoji, shapes a word). */
function keepsMeaning(char: string, whole: string, at: number): boolean {
  switch (char) {
    case '\u200d': {
      let before = pointBefore(whole, at);
      if (before !== undefined && EMOJI_TAIL.test(before))
        before = pointBefore(whole, at - before.length);
      return isMatch(PICTOGRAPH, before) && isMatch(PICTOGRAPH, pointAfter(whole, at + 1));
    }
    case '\ufe0e':
    case '\ufe0f':
      return isMatch(EMOJI, pointBefore(whole, at));
    case '\u200c': {
      const before = pointBefore(whole, at);
      return isMatch(JOINING_SCRIPT, before) && isMatch(LETTER_OR_MARK, pointAfter(whole, at + 1));
    }
    default:
      return false;
  }
}

const isMatch = (pattern: RegExp, char: string | undefined) =>
  char !== undefined && pattern.test(char);

function pointBefore(text: string, at: number): string | undefined {
  if (at <= 0) return undefined;
  const pair = at >= 2 && /^[\ud800-\udbff][\udc00-\udfff]$/.test(text.slice(at - 2, at));
  return pair ? text.slice(at - 2, at) : text.slice(at - 1, at);
}

function pointAfter(text: string, at: number): string | undefined {
  const code = text.codePointAt(at);
  return code === undefined ? undefined : String.fromCodePoint(code);
}
