import { decodeLines, findControlCharacter, stripColours } from './decode.ts';

/**
 * A `…-round-N-endstats.txt` companion as endstats.lua writes it (STATS_FORMAT.md, "Companion files"):
 * the server's end-of-round awards, then head-to-head counts per player.
 */
export interface EndStats {
  /** In file order; an award can repeat. `value` as written, `unit` when it says `seconds` or `percent`. */
  readonly awards: readonly EndStatsAward[];
  /**
   * Head-to-head counts: `player` (and `guid`, the full 32-hex cl_guid) only where a `VS_HEADER` line
   * opens the block; older files do not say whose block a line is in, and their lines come with null.
   */
  readonly versus: readonly EndStatsVersus[];
  /** Lines that were neither, with their 1-based number (kept, not fatal). */
  readonly unread: readonly number[];
  /**
   * Set when the file holds what endstats.lua never writes (a NUL or another control character): nothing
   * of it is read, and the importer keeps it in quarantine with this line and reason.
   */
  readonly refused?: { readonly line: number; readonly reason: string };
}

export interface EndStatsAward {
  readonly award: string;
  readonly player: string;
  readonly value: number;
  readonly unit: 'seconds' | 'percent' | null;
}

export interface EndStatsVersus {
  readonly player: string | null;
  readonly guid: string | null;
  readonly opponent: string;
  readonly kills: number;
  readonly deaths: number;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const VALUE = /^(-?\d+(?:\.\d+)?)(?: (seconds|percent))?$/;

/**
 * Reads an endstats companion. Never throws: a line it cannot read is listed in `unread`; a file holding
 * control characters is `refused` whole.
 */
export function readEndStats(bytes: Uint8Array): EndStats {
  const awards: EndStatsAward[] = [];
  const versus: EndStatsVersus[] = [];
  const unread: number[] = [];
  const { lines } = decodeLines(bytes);
  const refused = findControlCharacter(bytes, lines);
  if (refused) return { awards, versus, unread, refused };
  let block: { player: string; guid: string } | null = null;
  // Awards come first ("Most kills", "Best K/D ratio": names of several words), then the head-to-head
  // lines; a player called "1337" cannot turn an award into a head-to-head line or the reverse.
  let inAwards = true;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '') return;
    const fields = line.split('\t').map((f) => f.trim());
    const value = fields.length === 3 ? VALUE.exec(fields[2] as string) : null;
    if (inAwards && value && (fields[0] as string).includes(' ')) {
      awards.push({
        award: fields[0] as string,
        player: stripColours(fields[1] as string),
        value: Number(value[1]),
        unit: (value[2] as 'seconds' | 'percent' | undefined) ?? null,
      });
      return;
    }
    inAwards = false;
    if (fields[0] === 'VS_HEADER' && fields.length >= 3) {
      block = { player: stripColours(fields[1] as string), guid: fields[2] as string };
      return;
    }
    if (
      fields.length === 3 &&
      NUMBER.test(fields[1] as string) &&
      NUMBER.test(fields[2] as string)
    ) {
      versus.push({
        player: block?.player ?? null,
        guid: block?.guid ?? null,
        opponent: stripColours(fields[0] as string),
        kills: Number(fields[1]),
        deaths: Number(fields[2]),
      });
      return;
    }
    unread.push(i + 1);
  });
  return { awards, versus, unread };
}
