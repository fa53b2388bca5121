import { describe, expect, it } from 'vitest';
import {
  currentSeason,
  parseSeasonConfig,
  seasonOf,
  seasonShown,
  seasonsBetween,
} from './seasons.ts';

const at = (iso: string) => new Date(iso);

describe('seasons', () => {
  it('are calendar quarters by default, boundaries at midnight UTC', () => {
    expect(seasonOf(at('2025-10-02T21:18:08Z'))).toEqual({
      key: '2025-10-01',
      name: '2025 Q4',
      startsAt: at('2025-10-01T00:00:00Z'),
      endsAt: at('2026-01-01T00:00:00Z'),
    });
    expect(seasonOf(at('2025-09-30T23:59:59Z'))?.name).toBe('2025 Q3');
    expect(seasonOf(at('2026-01-01T00:00:00Z'))?.name).toBe('2026 Q1');
    expect(currentSeason(at('2024-02-29T12:00:00Z'))?.key).toBe('2024-01-01');
  });

  it('can be any number of months from an anchor month', () => {
    const config = { monthsPerSeason: 4, anchor: '2025-02' };
    expect(seasonOf(at('2025-05-31T00:00:00Z'), config)).toMatchObject({
      key: '2025-02-01',
      endsAt: at('2025-06-01T00:00:00Z'),
      name: '2025-02 – 2025-05',
    });
    expect(seasonOf(at('2025-01-15T00:00:00Z'), config)).toMatchObject({ key: '2024-10-01' });
    expect(seasonOf(at('2025-07-04T00:00:00Z'), { monthsPerSeason: 12 })?.name).toBe('2025');
    expect(seasonOf(at('2025-07-04T00:00:00Z'), { monthsPerSeason: 1 })?.name).toBe('2025-07');
  });

  it('can follow an explicit list of start dates, the last one open-ended and nothing before the first', () => {
    const config = { starts: ['2025-01-01', '2025-05-15'] };
    expect(seasonOf(at('2024-12-31T23:59:59Z'), config)).toBeNull();
    expect(seasonOf(at('2025-05-14T23:59:59Z'), config)).toMatchObject({
      key: '2025-01-01',
      name: 'Season 1',
      endsAt: at('2025-05-15T00:00:00Z'),
    });
    expect(seasonOf(at('2030-01-01T00:00:00Z'), config)).toMatchObject({
      key: '2025-05-15',
      name: 'Season 2',
      endsAt: null,
    });
  });

  it('lists every season overlapping a time span', () => {
    expect(
      seasonsBetween(at('2025-03-31T00:00:00Z'), at('2025-10-01T00:00:00Z')).map((s) => s.name),
    ).toEqual(['2025 Q1', '2025 Q2', '2025 Q3', '2025 Q4']);
    expect(
      seasonsBetween(at('2024-01-01T00:00:00Z'), at('2025-02-01T00:00:00Z'), {
        starts: ['2025-01-01', '2025-05-15'],
      }).map((s) => s.key),
    ).toEqual(['2025-01-01']);
  });

  it('reads the setting text and names what is wrong with a bad one', () => {
    expect(parseSeasonConfig(undefined)).toEqual({ ok: true, config: { monthsPerSeason: 3 } });
    expect(parseSeasonConfig('months:6@2025-07')).toEqual({
      ok: true,
      config: { monthsPerSeason: 6, anchor: '2025-07' },
    });
    expect(parseSeasonConfig('starts:2025-01-01, 2025-05-15')).toEqual({
      ok: true,
      config: { starts: ['2025-01-01', '2025-05-15'] },
    });
    expect(parseSeasonConfig('months:0')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('outside 1..24'),
    });
    expect(parseSeasonConfig('starts:2025-02-30')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('2025-02-30'),
    });
    expect(parseSeasonConfig('starts:2025-05-01,2025-01-01')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ascend'),
    });
    expect(parseSeasonConfig('weekly')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"weekly"'),
    });
  });

  it('shows the running season while anyone played in it, else the latest season with data', () => {
    const now = at('2026-12-05T08:00:00Z');
    expect(seasonShown(now, at('2026-11-30T21:00:00Z'))).toMatchObject({
      season: { name: '2026 Q4' },
      fallback: false,
    });
    expect(seasonShown(now, at('2025-10-13T22:00:00Z'))).toMatchObject({
      season: { name: '2025 Q4', key: '2025-10-01' },
      fallback: true,
    });
    expect(seasonShown(now, null)).toMatchObject({ season: { name: '2026 Q4' }, fallback: false });
    // The first days of a new season: last season's standings until someone plays.
    expect(seasonShown(at('2026-01-02T10:00:00Z'), at('2025-12-31T23:00:00Z'))).toMatchObject({
      season: { name: '2025 Q4' },
      fallback: true,
    });
  });

  it('with explicit starts, falls back only to a season that exists', () => {
    const config = { starts: ['2026-01-01', '2026-06-01'] };
    expect(
      seasonShown(at('2026-12-05T00:00:00Z'), at('2026-03-01T00:00:00Z'), config),
    ).toMatchObject({ season: { name: 'Season 1' }, fallback: true });
    expect(
      seasonShown(at('2026-12-05T00:00:00Z'), at('2025-03-01T00:00:00Z'), config),
    ).toMatchObject({ season: { name: 'Season 2' }, fallback: false });
    expect(seasonShown(at('2025-12-05T00:00:00Z'), at('2025-03-01T00:00:00Z'), config)).toBeNull();
  });
});
