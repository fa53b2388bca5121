import { describe, expect, it } from 'vitest';
import { displayText, stripControls } from './display-text.ts';

const hex = (text: string) =>
  Array.from(text, (c) => (c.codePointAt(0) as number).toString(16).toUpperCase());

describe('displayText', () => {
  it('removes every bidi control, which would reorder the rest of the line', () => {
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e'];
    bidi.push('\u2066', '\u2067', '\u2068', '\u2069');
    for (const c of bidi)
      expect(hex(displayText(`ab${c}12 34`)), hex(c)[0]).toEqual(hex('ab12 34'));
    expect(displayText('\u202eevil\u202c 12 · 3 rounds')).toBe('evil 12 · 3 rounds');
  });

  it('removes C0 and C1 controls and DEL; the separating ones become a space', () => {
    for (let code = 0; code < 0xa0; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const shown = displayText(`a${String.fromCharCode(code)}b`);
      expect(['ab', 'a b'], code.toString(16)).toContain(shown);
    }
    expect(displayText('a\u0000b')).toBe('ab');
    expect(displayText('a\u0007b')).toBe('ab');
    expect(displayText('a\u009bb')).toBe('ab');
    expect(displayText('a\u0085b')).toBe('a b');
    expect(displayText('a\tb\r\nc\u2028d\u2029e')).toBe('a b c d e');
  });

  it('removes invisible characters that make a name look empty or like another', () => {
    const invisible = [
      '\u00ad', // soft hyphen
      '\u034f', // combining grapheme joiner
      '\u115f', // Hangul choseong filler
      '\u1160', // Hangul jungseong filler
      '\u180e', // Mongolian vowel separator
      '\u200b', // zero-width space
      '\u200c', // zero-width non-joiner (between Latin letters)
      '\u200d', // zero-width joiner (between Latin letters)
      '\u2060', // word joiner
      '\u2062', // invisible times
      '\u3164', // Hangul filler
      '\ufe00', // variation selector 1
      '\ufe0f', // variation selector 16 after a letter
      '\ufeff', // byte order mark
      '\uffa0', // halfwidth Hangul filler
      '\u{e0041}', // a tag outside a flag
      '\u{e0100}', // variation selector 17
    ];
    for (const c of invisible)
      expect(hex(displayText(`ad${c}min`)), hex(c)[0]).toEqual(hex('admin'));
    expect(displayText('\u3164\u3164')).toBe('');
    expect(displayText('\u200b \u2800 \u00a0')).toBe('');
  });

  it('removes lone surrogates', () => {
    expect(displayText('a\ud800b\udc00c')).toBe('abc');
  });

  it('keeps what emoji need: ZWJ sequences, skin tones, selectors, keycaps, tag flags', () => {
    const emoji = [
      '👨\u200d👩\u200d👧', // family: ZWJ between pictographs
      '👩🏽\u200d💻', // skin tone, then ZWJ
      '❤\ufe0f\u200d🔥', // presentation selector, then ZWJ
      '🏳\ufe0f\u200d🌈',
      '1\ufe0f\u20e3', // keycap
      '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', // England
      '🇩🇪',
    ];
    for (const e of emoji) expect(displayText(`x${e}y`)).toBe(`x${e}y`);
    expect(displayText('a\u200d👩')).toBe('a👩');
    expect(displayText('👩\u200d')).toBe('👩');
  });

  it('keeps the non-joiner inside words of scripts that join letters', () => {
    expect(displayText('می\u200cخواهم')).toBe('می\u200cخواهم');
    expect(displayText('क्\u200cष')).toBe('क्\u200cष');
    expect(displayText('\u200cمی')).toBe('می');
  });

  it('collapses runs of spaces, trims, and leaves ordinary names as they are', () => {
    expect(displayText('  a \u3000  b  ')).toBe('a b');
    for (const name of ['olz', 'Łukasz Żółć', 'Привет', 'שלום', '名前', '*[BOT]* x^y', '']) {
      expect(displayText(name)).toBe(name);
    }
  });
});

describe('stripControls', () => {
  it('removes C0 (but the line break), C1, DEL, bidi controls and lone surrogates', () => {
    expect(stripControls('a\u0000\u0007b\u009b\u007fc\u202e\u2067d\ud800')).toBe('abcd');
    expect(stripControls('line\none\ttwo\u0085three\u2028four')).toBe('line\none two three four');
  });

  it('leaves zero-width spaces, joiners and emoji alone: messages use them on purpose', () => {
    const text = '@\u200beveryone 👨\u200d👩\u200d👧 ❤\ufe0f';
    expect(stripControls(text)).toBe(text);
  });
});
