// Game-server clocks. A stats file's name is the server's local wall clock, with no zone: the instant it
// stands for depends on the server's IANA zone, and twice a year on which side of a clock change it is.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, format);
  }
  return format;
}

/** An instant as the wall clock of `zone` shows it, `YYYY-MM-DDTHH:MM:SS`: the reverse of `wallClockInstants`. */
export function wallClockOf(epochMs: number, zone: string): string {
  const part = Object.fromEntries(
    formatFor(zone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
}

/** How far `zone`'s wall clock is ahead of UTC at `epochMs`. */
function offsetMs(epochMs: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatFor(zone).formatToParts(new Date(epochMs)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/** The instants a wall-clock time can stand for: equal but in the hour a clock is set back. */
export interface WallClockInstants {
  readonly earlier: number;
  readonly later: number;
}

/**
 * The instants a server's wall-clock time (`YYYY-MM-DDTHH:MM:SS`, as in file names) stands for in its
 * IANA zone, in ms since the epoch.
 *
 * - In the hour a clock is set back (Europe/Berlin, 2025-10-26: 02:00–03:00 happens twice) a time has
 *   two instants: `earlier` is its first pass (summer time), `later` its second.
 * - A time the clock skipped when it was set forward (Europe/Berlin, 2025-03-30 02:30) never existed; it
 *   is read with the offset in force before the change, as java.time and Temporal ("compatible") do:
 *   02:30 CET, the instant clocks showed as 03:30. Both fields hold it.
 */
export function wallClockInstants(localTime: string, zone: string): WallClockInstants {
  const asUtc = Date.parse(`${localTime}Z`);
  if (zone === 'UTC') return { earlier: asUtc, later: asUtc };
  // Zones change their offset weeks apart: the offsets a day either side are the candidates.
  const before = asUtc - offsetMs(asUtc - DAY_MS, zone);
  const after = asUtc - offsetMs(asUtc + DAY_MS, zone);
  const fits = (instant: number) => instant + offsetMs(instant, zone) === asUtc;
  const valid = [before, after].filter(fits);
  if (valid.length === 0) return { earlier: before, later: before };
  return { earlier: Math.min(...valid), later: Math.max(...valid) };
}

/**
 * The instant a server's wall-clock time stands for in its zone: in the hour a clock is set back, the
 * earlier one (see `wallClockInstants`; pairing may move a round to the later one, see pair-wall-clock.ts).
 */
export function wallClockToEpochMs(localTime: string, zone: string): number {
  return wallClockInstants(localTime, zone).earlier;
}

/** An example every message about zones gives. */
export const ZONE_EXAMPLE = 'Europe/Berlin';

export type TimeZoneCheck =
  | { readonly ok: true; readonly zone: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks an IANA time zone name given by a person (`setting` names where it came from: `--time-zone`,
 * `SERVER_TIME_ZONE`…). Answers the zone as it is spelled canonically when only the case differs
 * (`europe/berlin` → `Europe/Berlin`), else as given (trimmed); or why it is refused, naming the setting
 * and the value, with an example.
 */
export function checkTimeZone(value: string | undefined, setting: string): TimeZoneCheck {
  const zone = value?.trim() ?? '';
  if (zone === '')
    return {
      ok: false,
      reason: `${setting} is empty: give an IANA time zone name, e.g. ${ZONE_EXAMPLE}`,
    };
  // A bare offset (+01:00; newer engines take it) is no zone: it knows no clock changes, and
  // PostgreSQL reads it the other way round.
  if (/^[+-]/.test(zone))
    return {
      ok: false,
      reason: `${setting} "${zone}" is an offset, not an IANA time zone name, e.g. ${ZONE_EXAMPLE}`,
    };
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return {
      ok: false,
      reason: `${setting} "${zone}" is not an IANA time zone name, e.g. ${ZONE_EXAMPLE}`,
    };
  }
  return { ok: true, zone: resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone };
}

/** The IANA zone of the machine this runs on, when it has a usable one. */
export function machineTimeZone(): string | undefined {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const checked = checkTimeZone(zone, 'this machine’s time zone');
  return checked.ok ? checked.zone : undefined;
}
