import { type SQL, sql } from 'drizzle-orm';
import { EXTENDED_FIELDS, MAYBE_KNOWN_KEYS, type MaybeKnownKey } from '../../stats/fields.ts';
import {
  accuracy,
  damagePerMinute,
  efficiency,
  headshotPercent,
  killDeathRatio,
} from '../../stats/metrics.ts';

/** Counters that add up over rounds; the mod's own ratios (`mod_*`, time alive %) do not. */
export const SUMMABLE = [
  'kills',
  'deaths',
  'hits',
  'shots',
  'headshot_hits',
  ...EXTENDED_FIELDS.filter((f) => f.kind !== 'mod').map((f) => f.key),
] as const;
const DECIMAL = new Set<string>(EXTENDED_FIELDS.filter((f) => f.decimal).map((f) => f.key));
/** Per-round bests: the best spree over many rounds is the largest, not the sum. */
const MAXIMA = new Set(['killing_spree', 'death_spree']);
/** Summable figures some files do not carry (STATS_FORMAT.md, "Older layouts"): null there, not 0. */
const MAYBE = new Set<string>(MAYBE_KNOWN_KEYS);
export const MAYBE_SUMMABLE = SUMMABLE.filter((key) => MAYBE.has(key)) as Extract<
  (typeof SUMMABLE)[number],
  MaybeKnownKey
>[];
export type MaybeSummableKey = (typeof MAYBE_SUMMABLE)[number];

/**
 * `sum(pr.kills)::int as kills, …` over a `player_rounds pr` join: a player's totals in one row. A figure
 * no round carried is null (never 0); `known_rounds` says in how many rounds each such figure was known.
 */
export function totalsColumns(alias = 'pr'): SQL {
  const parts = SUMMABLE.map((key) => {
    const column = sql.raw(`${alias}.${key}`);
    const name = sql.raw(`"${key}"`);
    if (MAXIMA.has(key)) return sql`coalesce(max(${column}), 0)::int as ${name}`;
    if (MAYBE.has(key)) return sql`sum(${column})::int as ${name}`;
    if (DECIMAL.has(key))
      return sql`coalesce(round(sum(${column})::numeric, 1), 0)::float8 as ${name}`;
    return sql`coalesce(sum(${column}), 0)::int as ${name}`;
  });
  const known = sql.raw(
    `json_build_object(${MAYBE_SUMMABLE.map((key) => `'${key}', count(${alias}.${key})`).join(', ')})`,
  );
  return sql.join(
    [...parts, sql`count(*)::int as "rounds"`, sql`${known} as "known_rounds"`],
    sql`, `,
  );
}

export type Totals = Record<
  Exclude<(typeof SUMMABLE)[number], MaybeSummableKey> | 'rounds',
  number
> &
  Record<MaybeSummableKey, number | null> & {
    /** In how many of the rounds each figure older files lack was known. */
    known_rounds: Record<MaybeSummableKey, number>;
  };

/** Totals plus the ratios every view shows, computed once here. */
export function withMetrics(totals: Totals) {
  return {
    ...totals,
    // Some drivers hand json back as text.
    known_rounds:
      typeof totals.known_rounds === 'string'
        ? (JSON.parse(totals.known_rounds) as Totals['known_rounds'])
        : totals.known_rounds,
    kd: round2(killDeathRatio(totals)),
    accuracy: round2(accuracy(totals)),
    dpm: round2(damagePerMinute(totals)),
    efficiency: round2(efficiency(totals)),
    headshot_percent: round2(headshotPercent(totals)),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
