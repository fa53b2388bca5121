/** SHA-256 of some bytes, lower-case hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * A file's bytes as they compare for identity (STATS_FORMAT.md, "Identity and duplicates"): every CR
 * before a LF removed, spaces and TABs at line ends removed, empty lines at the end removed. Whether the
 * last line had its line end is kept: a copy cut off mid-line is a different file, not the same one.
 */
export function normalizedBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  /** Where the blanks (and a CR) before the next line end began, in `out`. */
  let blanksFrom = -1;
  for (const b of bytes) {
    if (b === LF) {
      if (blanksFrom >= 0) length = blanksFrom;
      blanksFrom = -1;
      out[length++] = LF;
      continue;
    }
    if (b === SPACE || b === TAB || b === CR) {
      if (blanksFrom < 0) blanksFrom = length;
    } else blanksFrom = -1;
    out[length++] = b;
  }
  if (blanksFrom >= 0) length = blanksFrom;
  // Empty lines at the end: keep one line end after the last line that holds something.
  while (length >= 2 && out[length - 1] === LF && out[length - 2] === LF) length--;
  if (length === 1 && out[0] === LF) length = 0;
  return out.subarray(0, length);
}

/** The SHA-256 of `normalizedBytes(bytes)`: equal for a file and its CRLF or trailing-blank copies. */
export function normalizedSha256Hex(bytes: Uint8Array): Promise<string> {
  return sha256Hex(normalizedBytes(bytes));
}
