import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

const settings = { baseMs: 1_000, capMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles the window with each attempt, with jitter inside its upper half', () => {
    for (const [attempt, ceiling] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [6, 32_000],
    ] as const) {
      expect(retryDelayMs(attempt, () => 0, settings)).toBe(ceiling / 2);
      expect(retryDelayMs(attempt, () => 0.999_999, settings)).toBeCloseTo(ceiling, -1);
    }
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(retryDelayMs(7, () => 1, settings)).toBe(60_000);
    expect(retryDelayMs(10_000, () => 1, settings)).toBe(60_000);
    expect(retryDelayMs(10_000, () => 0, settings)).toBe(30_000);
  });

  it('spreads agents that failed together over the window', () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.95].map((r) => retryDelayMs(5, () => r, settings)));
    expect(delays.size).toBe(4);
  });

  it("waits at least the server's Retry-After, within the cap", () => {
    expect(retryDelayMs(1, () => 0, settings, 5_000)).toBe(5_000);
    expect(retryDelayMs(1, () => 0, settings, 3_600_000)).toBe(60_000);
  });
});
