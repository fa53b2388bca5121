import { describe, expect, it } from 'vitest';
import { fractionsOf, niceCeiling, niceTicks, omittedNote, ratio } from './scale.ts';

describe('chart scales', () => {
  it('rounds an axis top up to a round number', () => {
    expect([387.3, 400, 401, 2.01, 0.13, 7, 96].map(niceCeiling)).toEqual([
      400, 400, 500, 2.5, 0.15, 8, 100,
    ]);
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });

  it('gives round ticks from 0 that cover the largest value', () => {
    expect(niceTicks(415, 5)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(12.5)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('draws bars against the largest value and all-zero columns as empty', () => {
    expect(fractionsOf([5, 10, 0])).toEqual([0.5, 1, 0]);
    expect(fractionsOf([0, 0])).toEqual([0, 0]);
  });

  it('has no ratio when the divisor is 0', () => {
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, 2)).toBe(2.5);
  });

  it('counts what a chart leaves out', () => {
    expect(omittedNote(12, 10)).toBe('+2 more players not shown');
    expect(omittedNote(10, 10)).toBeUndefined();
  });
});
