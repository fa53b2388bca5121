import { stripColours } from '../../stats/decode.ts';
import { displayText } from '../../stats/display-text.ts';

/** Longest name shown, in characters; CSS ellipsis also clips it to the width of its column. */
export const NAME_MAX_CHARS = 22;

/**
 * A player name as charts show it: ET colour codes stripped, made one visible line (displayText: no
 * controls, bidi or invisible characters), cut to `max` characters (whole code points, never half a
 * surrogate pair) with "…".
 */
export function displayName(raw: string, max = NAME_MAX_CHARS): string {
  const clean = displayText(stripColours(raw));
  if (clean === '') return '(no name)';
  const chars = Array.from(clean);
  return chars.length <= max
    ? clean
    : `${chars
        .slice(0, Math.max(1, max - 1))
        .join('')
        .trimEnd()}…`;
}
