import { describe, expect, it } from 'vitest';
import { lastDaysName, lastDaysWindow } from './play-window.ts';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-12-05T08:00:00Z');

describe('the last 30 days', () => {
  it('are the 30 days up to now while the community played in them', () => {
    const window = lastDaysWindow(NOW, at('2026-11-20T21:00:00Z'));
    expect(window).toEqual({ startsAt: at('2026-11-05T08:00:00Z'), anchoredAt: null });
    expect(lastDaysName(window)).toBe('Last 30 days');
    expect(lastDaysWindow(NOW, null)).toEqual({
      startsAt: at('2026-11-05T08:00:00Z'),
      anchoredAt: null,
    });
  });

  it('are the 30 days up to the latest round when nobody played in them, named with its date', () => {
    const latest = at('2025-10-13T22:15:00Z');
    const window = lastDaysWindow(NOW, latest);
    expect(window).toEqual({ startsAt: at('2025-09-13T22:15:00Z'), anchoredAt: latest });
    expect(lastDaysName(window)).toBe('30 days to 2025-10-13 (latest play)');
  });

  it('keep counting from now up to the round exactly 30 days old', () => {
    expect(lastDaysWindow(NOW, at('2026-11-05T08:00:00Z')).anchoredAt).toBeNull();
    expect(lastDaysWindow(NOW, at('2026-11-05T07:59:59Z')).anchoredAt).not.toBeNull();
  });
});
