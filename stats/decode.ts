const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { ignoreBOM: false });

/** ISO-8859-1: every byte is the code point of the same number. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    // apply() takes the typed array as it is; a spread would walk it through the iterator protocol.
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return out;
}

/** Whether the bytes hold U+FFFD itself (EF BF BD), as opposed to a decoder's replacement. */
function holdsReplacementCharacter(bytes: Uint8Array): boolean {
  for (
    let i = bytes.indexOf(0xef);
    i >= 0 && i + 2 < bytes.length;
    i = bytes.indexOf(0xef, i + 1)
  ) {
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  }
  return false;
}

/**
 * The bytes as UTF-8, or null when they are not valid UTF-8. A lenient decode first: a Latin-1 name
 * is common, and a fatal decoder reports it by throwing, which costs more than reading the line.
 */
function utf8OrNull(bytes: Uint8Array): string | null {
  const text = lenient.decode(bytes);
  if (!text.includes('\uFFFD')) return text;
  if (!holdsReplacementCharacter(bytes)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Splits a stats file into text lines. Names are not guaranteed UTF-8, so each line that is not
 * valid UTF-8 is read as Latin-1 on its own: one odd name never garbles the rest of the file.
 * `\r\n` endings are accepted. `endsWithNewline` tells whether the last line was finished.
 */
export function decodeLines(bytes: Uint8Array): { lines: string[]; endsWithNewline: boolean } {
  const endsWithNewline = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a;
  const text = utf8OrNull(bytes);
  const lines: string[] = [];
  if (text !== null) {
    for (const line of text.split('\n')) lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
  } else {
    for (let start = 0; start <= bytes.length; ) {
      const newline = bytes.indexOf(0x0a, start);
      const i = newline < 0 ? bytes.length : newline;
      const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
      const line = bytes.subarray(start, end);
      lines.push(utf8OrNull(line) ?? latin1(line));
      start = i + 1;
    }
  }
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

/** Removes ET colour codes: `^` followed by any one character (`^1red` → `red`). */
export function stripColours(name: string): string {
  return name.includes('^') ? name.replace(/\^[\s\S]/g, '') : name;
}

/** C0 control characters other than TAB, and DEL: the formats have none (a NUL is a broken or hostile file). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Whether the bytes hold a C0 control other than TAB, LF and CR before LF, or DEL: one pass, no decoding. */
function holdsControlBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x0d ? bytes[i + 1] !== 0x0a : (b < 0x20 && b !== 0x09 && b !== 0x0a) || b === 0x7f)
      return true;
  }
  return false;
}

/**
 * The first line (1-based) of `lines` (decodeLines of `bytes`) holding a control character the stats
 * formats never write, and why; null when there is none. TAB separates fields and CR LF ends a line
 * (a Windows copy); every real file holds nothing else below U+0020. PostgreSQL refuses a NUL in text.
 */
export function findControlCharacter(
  bytes: Uint8Array,
  lines: readonly string[],
): { readonly line: number; readonly reason: string } | null {
  if (!holdsControlBytes(bytes)) return null;
  for (let i = 0; i < lines.length; i++) {
    const bad = CONTROL.exec(lines[i] as string);
    if (!bad) continue;
    const code = (bad[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    return {
      line: i + 1,
      reason: `line holds the control character U+${code}, which a stats file never has`,
    };
  }
  return null;
}
