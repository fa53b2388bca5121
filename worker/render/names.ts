import { stripColours } from '../../stats/decode.ts';

/** Longest name shown, in characters; CSS ellipsis also clips it to the width of its column. */
export const NAME_MAX_CHARS = 22;

// C0/C1 controls and bidi overrides would reorder or hide the rest of a line.
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A player name as charts show it: ET colour codes stripped, invisible characters removed, runs of
 * spaces collapsed, cut to `max` characters (whole code points, never half a surrogate pair) with "…".
 */
export function displayName(raw: string, max = NAME_MAX_CHARS): string {
  const clean = stripColours(raw).replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
  if (clean === '') return '(no name)';
  const chars = Array.from(clean);
  return chars.length <= max
    ? clean
    : `${chars
        .slice(0, Math.max(1, max - 1))
        .join('')
        .trimEnd()}…`;
}
