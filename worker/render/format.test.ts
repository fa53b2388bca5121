import { describe, expect, it } from 'vitest';
import { formatDecimal, formatDuration, formatInt, formatPercent, formatSpan } from './format.ts';

describe('chart number formats', () => {
  it('groups thousands with a thin space and writes a real minus', () => {
    expect(formatInt(1234567)).toBe('1\u2009234\u2009567');
    expect(formatInt(-42)).toBe('−42');
    expect(formatInt(-0.2)).toBe('0');
  });

  it('shows a dash for figures that do not exist', () => {
    expect(formatInt(Number.NaN)).toBe('–');
    expect(formatDecimal(Number.POSITIVE_INFINITY)).toBe('–');
    expect(formatPercent(Number.NaN)).toBe('–');
    expect(formatSpan(-1)).toBe('–');
  });

  it('writes spans at a readable precision', () => {
    expect(formatSpan(45)).toBe('45s');
    expect(formatSpan(485)).toBe('8m 05s');
    expect(formatSpan(3600 + 16 * 60 + 30)).toBe('1h 16m');
  });

  it('writes clock times as m:ss and h:mm:ss', () => {
    expect(formatDuration(456)).toBe('7:36');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
