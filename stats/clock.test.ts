import { describe, expect, it } from 'vitest';
import { checkTimeZone, wallClockInstants, wallClockToEpochMs } from './clock.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const instants = (localTime: string, zone: string) => {
  const { earlier, later } = wallClockInstants(localTime, zone);
  return { earlier: iso(earlier), later: iso(later) };
};

describe('wall-clock file times', () => {
  it('reads a time in its zone, summer and winter', () => {
    expect(iso(wallClockToEpochMs('2025-07-01T21:18:08', 'Europe/Berlin'))).toBe(
      '2025-07-01T19:18:08.000Z',
    );
    expect(iso(wallClockToEpochMs('2025-12-01T21:18:08', 'Europe/Berlin'))).toBe(
      '2025-12-01T20:18:08.000Z',
    );
    expect(iso(wallClockToEpochMs('2025-12-01T21:18:08', 'UTC'))).toBe('2025-12-01T21:18:08.000Z');
    expect(iso(wallClockToEpochMs('2025-07-01T21:18:08', 'America/New_York'))).toBe(
      '2025-07-02T01:18:08.000Z',
    );
  });

  it('gives a time in the hour the clock is set back both instants, and takes the earlier one', () => {
    // Europe/Berlin, 2025-10-26: at 03:00 summer time (01:00 UTC) clocks go back to 02:00.
    expect(instants('2025-10-26T02:30:00', 'Europe/Berlin')).toEqual({
      earlier: '2025-10-26T00:30:00.000Z',
      later: '2025-10-26T01:30:00.000Z',
    });
    expect(iso(wallClockToEpochMs('2025-10-26T02:30:00', 'Europe/Berlin'))).toBe(
      '2025-10-26T00:30:00.000Z',
    );
    expect(instants('2025-10-26T02:00:00', 'Europe/Berlin')).toEqual({
      earlier: '2025-10-26T00:00:00.000Z',
      later: '2025-10-26T01:00:00.000Z',
    });
    expect(instants('2025-10-26T02:59:59', 'Europe/Berlin')).toEqual({
      earlier: '2025-10-26T00:59:59.000Z',
      later: '2025-10-26T01:59:59.000Z',
    });
    // The minutes either side happen once.
    expect(instants('2025-10-26T01:59:59', 'Europe/Berlin')).toEqual({
      earlier: '2025-10-25T23:59:59.000Z',
      later: '2025-10-25T23:59:59.000Z',
    });
    expect(instants('2025-10-26T03:00:00', 'Europe/Berlin')).toEqual({
      earlier: '2025-10-26T02:00:00.000Z',
      later: '2025-10-26T02:00:00.000Z',
    });
    // Southern hemisphere and a half-hour change: Australia/Lord_Howe goes back 30 minutes at 02:00.
    expect(instants('2025-04-06T01:45:00', 'Australia/Lord_Howe')).toEqual({
      earlier: '2025-04-05T14:45:00.000Z',
      later: '2025-04-05T15:15:00.000Z',
    });
  });

  it('reads a time the clock skipped with the offset before the change (02:30 CET, shown as 03:30)', () => {
    // Europe/Berlin, 2025-03-30: at 02:00 winter time (01:00 UTC) clocks jump to 03:00.
    expect(instants('2025-03-30T02:30:00', 'Europe/Berlin')).toEqual({
      earlier: '2025-03-30T01:30:00.000Z',
      later: '2025-03-30T01:30:00.000Z',
    });
    expect(iso(wallClockToEpochMs('2025-03-30T02:00:00', 'Europe/Berlin'))).toBe(
      '2025-03-30T01:00:00.000Z',
    );
    expect(iso(wallClockToEpochMs('2025-03-30T01:59:59', 'Europe/Berlin'))).toBe(
      '2025-03-30T00:59:59.000Z',
    );
    expect(iso(wallClockToEpochMs('2025-03-30T03:00:00', 'Europe/Berlin'))).toBe(
      '2025-03-30T01:00:00.000Z',
    );
  });
});

describe('checkTimeZone', () => {
  it('accepts IANA names, spelled canonically when only the case differs', () => {
    expect(checkTimeZone('Europe/Berlin', '--time-zone')).toEqual({
      ok: true,
      zone: 'Europe/Berlin',
    });
    expect(checkTimeZone('  europe/berlin ', '--time-zone')).toEqual({
      ok: true,
      zone: 'Europe/Berlin',
    });
    expect(checkTimeZone('utc', 'SERVER_TIME_ZONE')).toEqual({ ok: true, zone: 'UTC' });
    expect(checkTimeZone('America/Argentina/Buenos_Aires', 'zone')).toMatchObject({ ok: true });
  });

  it('refuses the rest, naming the setting and the value, with an example', () => {
    expect(checkTimeZone('Europe/Berlinn', '--time-zone')).toEqual({
      ok: false,
      reason: '--time-zone "Europe/Berlinn" is not an IANA time zone name, e.g. Europe/Berlin',
    });
    expect(checkTimeZone('', 'SERVER_TIME_ZONE')).toEqual({
      ok: false,
      reason: 'SERVER_TIME_ZONE is empty: give an IANA time zone name, e.g. Europe/Berlin',
    });
    expect(checkTimeZone('   ', 'zone')).toMatchObject({ ok: false });
    expect(checkTimeZone(undefined, 'zone')).toMatchObject({ ok: false });
    expect(checkTimeZone('+01:00', 'zone')).toEqual({
      ok: false,
      reason: 'zone "+01:00" is an offset, not an IANA time zone name, e.g. Europe/Berlin',
    });
    expect(checkTimeZone('local', 'zone')).toMatchObject({ ok: false });
  });
});
