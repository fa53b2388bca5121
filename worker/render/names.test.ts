import { describe, expect, it } from 'vitest';
import { displayName, NAME_MAX_CHARS } from './names.ts';

describe('displayName', () => {
  it('strips ET colour codes', () => {
    expect(displayName('^1ra^cgu^31^e1')).toBe('ragu11');
  });

  it('names a player whose name is only colour codes or blank', () => {
    expect(displayName('^^^^')).toBe('(no name)');
    expect(displayName('   ')).toBe('(no name)');
  });

  it('removes bidi overrides and control characters that would reorder or hide text', () => {
    expect(displayName('\u202eevil\u202c\u0007 bidi')).toBe('evil bidi');
  });

  it('cuts long names with an ellipsis at whole code points', () => {
    const long = `${'😀'.repeat(30)}`;
    const shown = displayName(long);
    expect(Array.from(shown)).toHaveLength(NAME_MAX_CHARS);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('keeps accented and non-Latin names as they are', () => {
    expect(displayName('^4Łukasz ^7Żółć')).toBe('Łukasz Żółć');
    expect(displayName('Привет')).toBe('Привет');
  });
});

describe('displayName and what a chart must not show', () => {
  it('removes C1 controls and invisible characters, and names a player left with nothing', () => {
    expect(displayName('\u009bze\u200bro\tcool\u2067')).toBe('zero cool');
    expect(displayName('\u3164\u200b\u202e')).toBe('(no name)');
  });
});
