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

/**
 * The instant a server's wall-clock time (`YYYY-MM-DDTHH:MM:SS`, as in file names) stands for in its
 * IANA zone. In the hour a clock is set back, the earlier of the two instants is taken.
 */
export function wallClockToEpochMs(localTime: string, zone: string): number {
  const asUtc = Date.parse(`${localTime}Z`);
  if (zone === 'UTC') return asUtc;
  const first = asUtc - offsetMs(asUtc, zone);
  const second = asUtc - offsetMs(first, zone);
  return Math.min(first, second);
}
