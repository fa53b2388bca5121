import { describe, expect, it } from 'vitest';
import { escapeCodeBlock, escapeFor, escapeMarkdown, plainText } from './markdown.ts';

describe('escapeMarkdown', () => {
  it('escapes every character that formats, quotes, lists or links', () => {
    expect(escapeMarkdown('*olz*')).toBe('\\*olz\\*');
    expect(escapeMarkdown('__x__ ~~y~~ ||z|| `c`')).toBe(
      '\\_\\_x\\_\\_ \\~\\~y\\~\\~ \\|\\|z\\|\\| \\`c\\`',
    );
    expect(escapeMarkdown('> # -# [a](http://b)')).toBe('\\> \\# \\-\\# \\[a\\]\\(http\\://b\\)');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  it('defuses mentions and mass mentions in the text itself', () => {
    expect(escapeMarkdown('@everyone')).toBe('@\u200beveryone');
    expect(escapeMarkdown('hi @HERE')).toBe('hi @\u200bHERE');
    expect(escapeMarkdown('<@123>')).toBe('\\<@123\\>');
  });

  it('keeps a name on its line: breaks become a space, controls, bidi and invisibles go', () => {
    expect(escapeMarkdown('a\nb\tc\u0000d')).toBe('a b cd');
    expect(escapeMarkdown('\u202e*x*\u009b\u200b 12')).toBe('\\*x\\* 12');
  });

  it('is empty when nothing visible is left, so a caller can show its fallback', () => {
    expect(escapeMarkdown('\u202e\u0007\u3164 ')).toBe('');
  });

  it('leaves plain names alone', () => {
    expect(escapeMarkdown('olz 2 Ünïcødé')).toBe('olz 2 Ünïcødé');
  });
});

describe('escapeCodeBlock', () => {
  it('stops a backtick from closing the code block', () => {
    expect(escapeCodeBlock('a```b')).toBe('a\u02cb\u02cb\u02cbb');
    expect(escapeCodeBlock('*x*')).toBe('*x*');
  });

  it('removes controls, bidi and invisibles there too', () => {
    expect(escapeCodeBlock('\u2067ab\u0085c\u009b\u200d')).toBe('ab c');
  });
});

describe('escapeFor: escaped only where Discord renders markdown', () => {
  it('footers, author names and labels show the text as typed, on one visible line', () => {
    for (const place of ['footer', 'author', 'label'] as const) {
      expect(escapeFor(place, 'EU #1')).toBe('EU #1');
      expect(escapeFor(place, '*olz* [x](y)\u202e\n2')).toBe('*olz* [x](y) 2');
    }
    expect(plainText('\u200b')).toBe('');
  });

  it('content, titles, descriptions, field names and values are escaped', () => {
    for (const place of ['content', 'title', 'description', 'field-name', 'field-value'] as const)
      expect(escapeFor(place, 'EU #1')).toBe('EU \\#1');
  });
});
