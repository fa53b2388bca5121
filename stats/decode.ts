const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** ISO-8859-1: every byte is the code point of the same number. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return out;
}

function decodeLine(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1(bytes);
  }
}

/**
 * Splits a stats file into text lines. Names are not guaranteed UTF-8, so each line that is not
 * valid UTF-8 is read as Latin-1 on its own: one odd name never garbles the rest of the file.
 * `\r\n` endings are accepted. `endsWithNewline` tells whether the last line was finished.
 */
export function decodeLines(bytes: Uint8Array): { lines: string[]; endsWithNewline: boolean } {
  const endsWithNewline = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a;
  let text: string | null = null;
  try {
    text = utf8.decode(bytes);
  } catch {
    // fall through to the per-line decoding below
  }
  const lines: string[] = [];
  if (text !== null) {
    for (const line of text.split('\n')) lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
  } else {
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
        lines.push(decodeLine(bytes.subarray(start, end)));
        start = i + 1;
      }
    }
  }
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

/** Removes ET colour codes: `^` followed by any one character (`^1red` → `red`). */
export function stripColours(name: string): string {
  return name.includes('^') ? name.replace(/\^[\s\S]/g, '') : name;
}
