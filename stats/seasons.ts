/**
 * Seasons: fixed stretches of the calendar that `/season` and the season leaderboards cover. All
 * boundaries are midnight UTC (rounds from servers in other zones are placed by their instant).
 *
 * - `{ monthsPerSeason: 3 }` (the default, `QUARTERS`): calendar quarters, Jan/Apr/Jul/Oct 1st.
 * - `{ monthsPerSeason: n, anchor: 'YYYY-MM' }`: every n months counted from the anchor month.
 * - `{ starts: ['YYYY-MM-DD', …] }`: explicit start dates; the last season runs until a new date is added,
 *   and nothing before the first date belongs to a season.
 */
export type SeasonConfig =
  | { readonly monthsPerSeason: number; readonly anchor?: string }
  | { readonly starts: readonly string[] };

export const QUARTERS: SeasonConfig = { monthsPerSeason: 3 };

export interface Season {
  /** The start date, `YYYY-MM-DD`: stable whatever seasons are added later. */
  readonly key: string;
  /** For people: `2025 Q4`, `2025`, `2025-10`, `2025-01 – 2025-04`, `Season 3`. */
  readonly name: string;
  readonly startsAt: Date;
  /** Exclusive; null for the open-ended last season of an explicit list. */
  readonly endsAt: Date | null;
}

const DEFAULT_ANCHOR = '2000-01';
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
const monthStart = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 1));
const monthLabel = (index: number) => isoDate(monthStart(index)).slice(0, 7);

function parseAnchor(anchor: string): number {
  const match = /^(\d{4})-(\d{2})$/.exec(anchor);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    throw new Error(`season anchor "${anchor}" is not YYYY-MM`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthlyName(start: number, months: number): string {
  const year = Math.floor(start / 12);
  const month = start % 12;
  if (months === 12 && month === 0) return String(year);
  if (months === 3 && month % 3 === 0) return `${year} Q${month / 3 + 1}`;
  if (months === 6 && month % 6 === 0) return `${year} H${month / 6 + 1}`;
  if (months === 1) return monthLabel(start);
  return `${monthLabel(start)} – ${monthLabel(start + months - 1)}`;
}

function monthlySeason(index: number, months: number): Season {
  return {
    key: isoDate(monthStart(index)),
    name: monthlyName(index, months),
    startsAt: monthStart(index),
    endsAt: monthStart(index + months),
  };
}

const startDates = (starts: readonly string[]) => starts.map((s) => new Date(`${s}T00:00:00Z`));

function listedSeason(dates: readonly Date[], i: number): Season {
  const start = dates[i] as Date;
  return {
    key: isoDate(start),
    name: `Season ${i + 1}`,
    startsAt: start,
    endsAt: dates[i + 1] ?? null,
  };
}

/** The season `date` falls in; null only before the first date of an explicit list. */
export function seasonOf(date: Date, config: SeasonConfig = QUARTERS): Season | null {
  if ('starts' in config) {
    const dates = startDates(config.starts);
    let found = -1;
    for (let i = 0; i < dates.length; i++)
      if ((dates[i] as Date).getTime() <= date.getTime()) found = i;
    return found < 0 ? null : listedSeason(dates, found);
  }
  const anchor = parseAnchor(config.anchor ?? DEFAULT_ANCHOR);
  const n = config.monthsPerSeason;
  const k = Math.floor((monthIndex(date) - anchor) / n);
  return monthlySeason(anchor + k * n, n);
}

/** The season running at `now` (the clock is passed in). */
export function currentSeason(now: Date, config: SeasonConfig = QUARTERS): Season | null {
  return seasonOf(now, config);
}

/** Every season overlapping [from, to], oldest first. */
export function seasonsBetween(from: Date, to: Date, config: SeasonConfig = QUARTERS): Season[] {
  const seasons: Season[] = [];
  if ('starts' in config) {
    const dates = startDates(config.starts);
    for (let i = 0; i < dates.length; i++) {
      const s = listedSeason(dates, i);
      if (
        s.startsAt.getTime() <= to.getTime() &&
        (s.endsAt === null || s.endsAt.getTime() > from.getTime())
      )
        seasons.push(s);
    }
    return seasons;
  }
  let season = seasonOf(from, config) as Season;
  while (season.startsAt.getTime() <= to.getTime()) {
    seasons.push(season);
    season = seasonOf(season.endsAt as Date, config) as Season;
  }
  return seasons;
}

/**
 * Reads a season setting as written in configuration: empty or `quarters`; `months:N` or
 * `months:N@YYYY-MM` (N from 1 to 24); `starts:YYYY-MM-DD,YYYY-MM-DD,…` (ascending).
 */
export function parseSeasonConfig(
  text: string | undefined,
): { ok: true; config: SeasonConfig } | { ok: false; reason: string } {
  const value = (text ?? '').trim();
  if (value === '' || value === 'quarters') return { ok: true, config: QUARTERS };
  const months = /^months:(\d+)(?:@(\d{4}-\d{2}))?$/.exec(value);
  if (months) {
    const n = Number(months[1]);
    if (n < 1 || n > 24) return { ok: false, reason: `season length ${n} months is outside 1..24` };
    const anchor = months[2];
    if (anchor !== undefined && (Number(anchor.slice(5)) < 1 || Number(anchor.slice(5)) > 12))
      return { ok: false, reason: `season anchor "${anchor}" is not a month` };
    return {
      ok: true,
      config: anchor === undefined ? { monthsPerSeason: n } : { monthsPerSeason: n, anchor },
    };
  }
  if (value.startsWith('starts:')) {
    const starts = value
      .slice(7)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (starts.length === 0) return { ok: false, reason: 'starts: lists no date' };
    for (const [i, s] of starts.entries()) {
      const parsed = new Date(`${s}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(parsed.getTime()) || isoDate(parsed) !== s)
        return { ok: false, reason: `season start "${s}" is not a date (YYYY-MM-DD)` };
      if (i > 0 && s <= (starts[i - 1] as string))
        return {
          ok: false,
          reason: `season starts must ascend: "${s}" follows "${starts[i - 1]}"`,
        };
    }
    return { ok: true, config: { starts } };
  }
  return {
    ok: false,
    reason: `season setting "${value}" is not "quarters", "months:N[@YYYY-MM]" or "starts:YYYY-MM-DD,…"`,
  };
}

/**
 * The season "this season" shows at `now`, given when the community last played (`latestPlay`, null when
 * it never did): the running season, unless nobody has played in it yet and an earlier season has rounds;
 * then that latest season with data, flagged `fallback` so answers can say so. Old data (a sample corpus,
 * a community back from a break, the first days of a new season) thus shows the last standings there
 * are instead of an empty board.
 */
export function seasonShown(
  now: Date,
  latestPlay: Date | null,
  config: SeasonConfig = QUARTERS,
): { season: Season; fallback: boolean } | null {
  const running = currentSeason(now, config);
  const played = latestPlay === null ? null : seasonOf(latestPlay, config);
  if (played && (!running || played.startsAt.getTime() < running.startsAt.getTime()))
    return { season: played, fallback: true };
  return running ? { season: running, fallback: false } : null;
}
