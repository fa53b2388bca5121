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
