import { AWARD_RULES } from '../commands/session/award-rules.ts';
import { type Html, html } from './html.ts';

// The commands start many lines with an emoji (medals, award icons). A page must not depend on a
// colour-emoji font being there (many desktops and every headless browser lack one: the glyph is a
// box). The emoji that carry meaning become text any font has, styled and labelled for screen
// readers; the award icons and the MVP's only decorate a line whose bold title already says what it
// is, so the page leaves them out. Any other emoji (in a name: the player's own text) is kept as typed.

interface Icon {
  /** What is shown: a digit or a symbol of the basic text fonts (DejaVu, Liberation…). */
  readonly text: string;
  /** What a screen reader says. */
  readonly label: string;
  readonly className: string;
}

const MEANINGFUL: Readonly<Record<string, Icon>> = {
  '🥇': { text: '1', label: 'gold medal', className: 'medal gold' },
  '🥈': { text: '2', label: 'silver medal', className: 'medal silver' },
  '🥉': { text: '3', label: 'bronze medal', className: 'medal bronze' },
  // A season's champion and an award's icon alike.
  '🏆': { text: '★', label: 'trophy', className: 'medal gold' },
  '✅': { text: '✓', label: 'unlocked', className: 'mark done' },
  '⬜': { text: '·', label: 'not yet', className: 'mark todo' },
};

const plain = (emoji: string) => emoji.replace(/\uFE0F/g, '');

/** The icons that only decorate: each award's, and the MVP line's. */
const DECORATIVE = new Set([...AWARD_RULES.map((rule) => plain(rule.emoji)), '🏅']);

/** An emoji (with its presentation selector, skin tone or ZWJ sequence) heading a line, and the space after it. */
const LEADING_EMOJI =
  /^(\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic})*)\s+/u;

/** The badges' look: dark text on gold, silver and bronze (contrast at least 6:1). */
export const ICON_CSS =
  '.medal{display:inline-block;min-width:1.4em;margin-right:.3em;border-radius:50%;text-align:center;font-weight:700;font-size:.85em;line-height:1.4em;color:#15171c}' +
  '.gold{background:#e6c34a}.silver{background:#c0c4cc}.bronze{background:#d08a4f}' +
  '.mark{display:inline-block;min-width:1.2em;margin-right:.3em;font-weight:700}.done{color:#7fd88f}.todo{color:#b0b4bc}';

/**
 * A line the commands wrote, split into its leading icon as the page shows it (a labelled badge,
 * or nothing for a decoration) and the rest of the line. A line without either is all rest.
 */
export function leadingIcon(line: string): { icon: Html | ''; rest: string } {
  const found = LEADING_EMOJI.exec(line);
  if (!found) return { icon: '', rest: line };
  const emoji = plain(found[1] as string);
  const icon = MEANINGFUL[emoji];
  const rest = line.slice(found[0].length);
  if (icon)
    return {
      icon: html`<span class="${icon.className}" role="img" aria-label="${icon.label}">${icon.text}</span>`,
      rest,
    };
  return DECORATIVE.has(emoji) ? { icon: '', rest } : { icon: '', rest: line };
}
