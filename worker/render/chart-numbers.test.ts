import { describe, expect, it } from 'vitest';
import { chartDecimal, chartDuration, chartInt, chartPercent, chartSpan } from './chart-numbers.ts';

describe('chart number formats', () => {
  it('groups thousands with a thin space and writes a real minus', () => {
    expect(chartInt(1234567)).toBe('1\u2009234\u2009567');
    expect(chartInt(-42)).toBe('−42');
    expect(chartInt(-0.2)).toBe('0');
  });

  it('shows a dash for figures that do not exist', () => {
    expect(chartInt(Number.NaN)).toBe('–');
    expect(chartDecimal(Number.POSITIVE_INFINITY)).toBe('–');
    expect(chartPercent(Number.NaN)).toBe('–');
    expect(chartSpan(-1)).toBe('–');
  });

  it('writes spans at a readable precision', () => {
    expect(chartSpan(45)).toBe('45s');
    expect(chartSpan(485)).toBe('8m 05s');
    expect(chartSpan(3600 + 16 * 60 + 30)).toBe('1h 16m');
  });

  it('writes clock times as m:ss and h:mm:ss', () => {
    expect(chartDuration(456)).toBe('7:36');
    expect(chartDuration(3725)).toBe('1:02:05');
  });
});
