import type { Random } from './random.ts';

/** Every way a file can fail to be a readable round, as real servers produce them. */
export const MALFORMED_KINDS = [
  'empty',
  'cut-off',
  'truncated',
  'few-fields',
  'non-numeric',
  'mask-mismatch',
  'garbage',
  'bad-file-name',
  'header-fields',
  'map-mismatch',
  'round-mismatch',
  'duplicate-guid',
  'bad-team',
  'bad-clock',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export interface MalformedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly kind: MalformedKind;
}

// Byte-for-byte round trip, so Latin-1 names survive an edit untouched.
function asText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096)
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

function asBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function splitLines(bytes: Uint8Array): string[] {
  return asText(bytes)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

const join = (lines: readonly string[]): Uint8Array => asBytes(`${lines.join('\n')}\n`);

function garbage(random: Random): Uint8Array {
  const bytes = new Uint8Array(random.int(64, 2048));
  for (let i = 0; i < bytes.length; i++) {
    const b = random.int(0, 255);
    // No backslash, so the first line can never be a header.
    bytes[i] = b === 0x5c ? 0x00 : b;
  }
  return bytes;
}

/**
 * Corrupts a readable round `source` (its name `<stem>-round-<N>.txt` with `stem` holding the
 * time and map) into a file of `kind` named after `time` (`YYYY-MM-DD-HHMMSS`).
 */
export function corrupt(
  kind: MalformedKind,
  source: { name: string; bytes: Uint8Array },
  time: string,
  random: Random,
): MalformedFile {
  const m = /^\d{4}-\d{2}-\d{2}-\d{6}-(.+)-round-([12])\.txt$/.exec(source.name);
  const map = m?.[1] ?? 'supply';
  const round = m?.[2] ?? '1';
  const name = `${time}-${map}-round-${round}.txt`;
  const lines = splitLines(source.bytes);
  const header = lines[0] as string;
  const players = lines.slice(1).filter((l) => l.trim() !== '');
  const first = players[0] as string;
  const last = players[players.length - 1] as string;
  const replaceHeader = (at: number, value: string) => {
    const f = header.split('\\');
    f[at] = value;
    return [f.join('\\'), ...players];
  };
  const replaceFirst = (text: string) => [header, text, ...players.slice(1)];
  switch (kind) {
    case 'empty':
      return { name, kind, bytes: new Uint8Array(0) };
    case 'cut-off':
      // Every field there, but no line end: the last number may have lost digits (15 written as 1).
      return { name, kind, bytes: asBytes([header, ...players].join('\n')) };
    case 'truncated': {
      // Cut before the last TAB, so a field is surely missing and no newline ends the file.
      const cut = random.int(1, Math.max(1, last.lastIndexOf('\t') - 1));
      return {
        name,
        kind,
        bytes: asBytes([header, ...players.slice(0, -1), last.slice(0, cut)].join('\n')),
      };
    }
    case 'few-fields': {
      // Fewer than the 28 extended fields every layout writes.
      const fields = first.split('\t');
      const keep = random.int(1, Math.min(27, fields.length - 1));
      return { name, kind, bytes: join(replaceFirst(fields.slice(0, keep + 1).join('\t'))) };
    }
    case 'non-numeric': {
      const fields = first.split('\t');
      const at = random.int(1, Math.max(1, fields.length - 1));
      fields[at] = random.pick(['x', 'NaN', '1,5', '--', '1e5', '0x1F', '']);
      return { name, kind, bytes: join(replaceFirst(fields.join('\t'))) };
    }
    case 'mask-mismatch': {
      const tab = first.indexOf('\t');
      const head = first.slice(0, tab < 0 ? first.length : tab);
      const cut = head.lastIndexOf('\\');
      const numbers = head
        .slice(cut + 1)
        .trim()
        .split(' ');
      const mask = Number(numbers[0]);
      let bit = random.int(0, 27);
      while (mask & (1 << bit)) bit = (bit + 1) % 28;
      numbers[0] = String(mask + 2 ** bit);
      return {
        name,
        kind,
        bytes: join(
          replaceFirst(
            `${head.slice(0, cut + 1)}${numbers.join(' ')} ${tab < 0 ? '' : first.slice(tab)}`,
          ),
        ),
      };
    }
    case 'garbage':
      return { name, kind, bytes: garbage(random) };
    case 'bad-file-name':
      return {
        name: random.pick([
          `${time}-${map}-round-3.txt`,
          `not-a-stats-file-${time}.txt`,
          `${time.slice(0, 10)}-${map}-round-${round}.txt`,
        ]),
        kind,
        bytes: source.bytes,
      };
    case 'header-fields':
      return {
        name,
        kind,
        bytes: join([header.split('\\').slice(0, random.int(3, 7)).join('\\'), ...players]),
      };
    case 'map-mismatch':
      return {
        name: `${time}-${map === 'supply' ? 'radar' : 'supply'}-round-${round}.txt`,
        kind,
        bytes: source.bytes,
      };
    case 'round-mismatch':
      return {
        name: `${time}-${map}-round-${round === '1' ? '2' : '1'}.txt`,
        kind,
        bytes: source.bytes,
      };
    case 'duplicate-guid':
      return { name, kind, bytes: join([header, ...players, first]) };
    case 'bad-team': {
      const f = first.split('\\');
      const teamAt = f.length - 2;
      f[teamAt] = random.pick(['0', '4', '5', '-1']);
      return { name, kind, bytes: join(replaceFirst(f.join('\\'))) };
    }
    case 'bad-clock':
      return {
        name,
        kind,
        bytes: join(
          replaceHeader(random.int(6, 7), random.pick(['12m', '12', ':30', '1:2:3', ''])),
        ),
      };
  }
}
