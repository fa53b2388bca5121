import { describe, expect, it } from 'vitest';
import { decodeLines, stripColours } from './decode.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

describe('decodeLines', () => {
  it('splits UTF-8 text into lines and drops the empty piece after a final newline', () => {
    expect(decodeLines(utf8('head\nJörg 😀\n'))).toEqual({
      lines: ['head', 'Jörg 😀'],
      endsWithNewline: true,
    });
  });

  it('keeps a last line that has no final newline, and says so', () => {
    expect(decodeLines(utf8('head\ncut'))).toEqual({
      lines: ['head', 'cut'],
      endsWithNewline: false,
    });
  });

  it('accepts \\r\\n line ends but keeps a \\r inside a line', () => {
    expect(decodeLines(utf8('a\r\nb\rc\r\n')).lines).toEqual(['a', 'b\rc']);
  });

  it('reads an empty file as one empty line without a newline', () => {
    expect(decodeLines(new Uint8Array(0))).toEqual({ lines: [''], endsWithNewline: false });
  });

  it('falls back to Latin-1 only for the line that is not valid UTF-8', () => {
    // 0xF6 is "ö" in Latin-1 and not valid UTF-8 on its own; the next line is real UTF-8.
    const { lines } = decodeLines(bytes('head\n', 'J', [0xf6], 'rg\n', 'Jörg 😀\n'));
    expect(lines).toEqual(['head', 'Jörg', 'Jörg 😀']);
  });

  it('maps Latin-1 bytes 0x80-0x9F to U+0080-U+009F (ISO-8859-1, not windows-1252)', () => {
    const { lines } = decodeLines(bytes([0x80, 0x9f, 0xff], '\n'));
    expect(lines).toEqual(['\u0080\u009f\u00ff']);
  });

  it('falls back per line in \\r\\n files too', () => {
    expect(decodeLines(bytes('a\r\n', [0xe9], '\r\nb\r\n')).lines).toEqual(['a', 'é', 'b']);
  });

  it('decodes a Latin-1 line longer than one decoding chunk completely', () => {
    const long = new Uint8Array(10_000).fill(0xe9);
    const { lines } = decodeLines(bytes([...long], '\nx\n'));
    expect(lines[0]).toBe('é'.repeat(10_000));
    expect(lines[1]).toBe('x');
  });

  it('drops a UTF-8 byte-order mark at the start, in the UTF-8 and in the Latin-1 path', () => {
    expect(decodeLines(bytes([0xef, 0xbb, 0xbf], 'head\n')).lines).toEqual(['head']);
    expect(decodeLines(bytes([0xef, 0xbb, 0xbf], 'head\n', [0xe9], '\n')).lines).toEqual([
      'head',
      'é',
    ]);
  });

  it('never drops a line because of its bytes', () => {
    const { lines } = decodeLines(
      bytes([0xc3], '\n', [0xff, 0xfe], '\n', [0xed, 0xa0, 0x80], '\n'),
    );
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.length > 0)).toBe(true);
  });
});

describe('stripColours', () => {
  it.each([
    ['^1red^7white', 'redwhite'],
    ['^aP^zro^?ner', 'Proner'],
    ['plain', 'plain'],
    ['^7', ''],
    ['end^', 'end^'],
    ['^^1', '1'],
    ['[^mB^yO^qT]Chuck', '[BOT]Chuck'],
    ['^ space', 'space'],
  ])('%j → %j', (raw, stripped) => {
    expect(stripColours(raw)).toBe(stripped);
  });
});
