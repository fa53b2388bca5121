import { type SQL, sql } from 'drizzle-orm';
import { EXTENDED_FIELDS } from '../../stats/fields.ts';
import {
  accuracy,
  damagePerMinute,
  efficiency,
  headshotPercent,
  killDeathRatio,
} from '../../stats/metrics.ts';

/** Counters that add up over rounds; the mod's own ratios (`mod_*`, time alive %) do not. */
const SUMMABLE = [
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

/** `sum(pr.kills)::int as kills, …` over a `player_rounds pr` join: a player's totals in one row. */
export function totalsColumns(alias = 'pr'): SQL {
  const parts = SUMMABLE.map((key) => {
    const column = sql.raw(`${alias}.${key}`);
    const name = sql.raw(`"${key}"`);
    if (MAXIMA.has(key)) return sql`coalesce(max(${column}), 0)::int as ${name}`;
    if (DECIMAL.has(key))
      return sql`coalesce(round(sum(${column})::numeric, 1), 0)::float8 as ${name}`;
    return sql`coalesce(sum(${column}), 0)::int as ${name}`;
  });
  return sql.join([...parts, sql`count(*)::int as "rounds"`], sql`, `);
}

export type Totals = Record<(typeof SUMMABLE)[number] | 'rounds', number>;

/** Totals plus the ratios every view shows, computed once here. */
export function withMetrics(totals: Totals) {
  return {
    ...totals,
    kd: round2(killDeathRatio(totals)),
    accuracy: round2(accuracy(totals)),
    dpm: round2(damagePerMinute(totals)),
    efficiency: round2(efficiency(totals)),
    headshot_percent: round2(headshotPercent(totals)),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
