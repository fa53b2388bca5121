import { type SQL, sql } from 'drizzle-orm';

/**
 * The `/top` metrics, the periods they are ranked over and the minimum activity a ratio needs. This is
 * data the commands print ("needs 20 rounds and 120 minutes"), and the SQL the recompute ranks with.
 *
 * Who is ranked: humans only (bots: `[BOT]` names / OMNIBOT GUIDs, `player_rounds.bot`), and only in
 * rounds where humans outnumber bots (`RANKED_ROUND`). Achievements count the same rounds.
 */
export const METRIC_IDS = [
  'kills',
  'kd',
  'dpm',
  'accuracy',
  'headshots',
  'revives',
  'gibs',
  'objectives',
  'efficiency',
  'team_damage',
  'multikills',
  'grenades',
  'xp',
  'time',
  'rounds',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export interface Metric {
  readonly id: MetricId;
  readonly label: string;
  /** How the value is made, for `/help` and the leaderboard footer. */
  readonly description: string;
  /** `asc`: lower is better (team damage). */
  readonly order: 'desc' | 'asc';
  /** Ratios need the period's minimum activity; counts only need a non-zero value. */
  readonly needsThreshold: boolean;
  readonly unit: 'count' | 'ratio' | 'percent' | 'per_minute' | 'minutes';
}

const metric = (
  id: MetricId,
  label: string,
  description: string,
  unit: Metric['unit'],
  needsThreshold = false,
  order: Metric['order'] = 'desc',
): Metric => ({ id, label, description, order, needsThreshold, unit });

export const METRICS: Readonly<Record<MetricId, Metric>> = {
  kills: metric('kills', 'Kills', 'Kills.', 'count'),
  kd: metric('kd', 'K/D', 'Kills per death (with no deaths: the kills).', 'ratio', true),
  dpm: metric(
    'dpm',
    'DPM',
    "Damage given per minute of the player's own time played.",
    'per_minute',
    true,
  ),
  accuracy: metric('accuracy', 'Accuracy', 'Hits / shots over all weapons, %.', 'percent', true),
  headshots: metric('headshots', 'Headshots', 'Headshot kills.', 'count'),
  revives: metric('revives', 'Revives', 'Revives given.', 'count'),
  gibs: metric('gibs', 'Gibs', 'Gibs.', 'count'),
  objectives: metric(
    'objectives',
    'Objectives',
    'Objectives stolen + objectives returned + dynamites planted + dynamites defused.',
    'count',
  ),
  efficiency: metric('efficiency', 'Efficiency', 'Kills / (kills + deaths), %.', 'percent', true),
  team_damage: metric(
    'team_damage',
    'Team damage',
    'Team damage given / damage given, % (lower is better).',
    'percent',
    true,
    'asc',
  ),
  multikills: metric(
    'multikills',
    'Multikills',
    'Multi-kills of 2 to 6 kills, each counted once (2x + 3x + 4x + 5x + 6x).',
    'count',
  ),
  grenades: metric('grenades', 'Grenade kills', 'Kills with hand grenades (WS_GRENADE).', 'count'),
  xp: metric('xp', 'XP', 'Experience points.', 'count'),
  time: metric('time', 'Time played', 'Minutes played.', 'minutes'),
  rounds: metric('rounds', 'Rounds', 'Rounds played.', 'count'),
};

export const isMetricId = (value: string): value is MetricId =>
  (METRIC_IDS as readonly string[]).includes(value);

export type PeriodKind = 'all' | 'season' | 'last30' | 'session';
/** `all`, `last30`, `season:<start YYYY-MM-DD>`, `session:<gaming session id>`. */
export type PeriodId = 'all' | 'last30' | `season:${string}` | `session:${number}`;

export const seasonPeriod = (seasonKey: string): PeriodId => `season:${seasonKey}`;
export const sessionPeriod = (sessionId: number): PeriodId => `session:${sessionId}`;
/** A community's period as stored (leaderboard_periods.id): `<community id>:<period id>`. */
export const storedPeriod = (communityId: number, period: PeriodId): string =>
  `${communityId}:${period}`;
export { LAST_DAYS } from '../../stats/play-window.ts';

export function periodKind(period: string): PeriodKind | null {
  if (period === 'all' || period === 'last30') return period;
  if (/^season:\d{4}-\d{2}-\d{2}$/.test(period)) return 'season';
  if (/^session:\d+$/.test(period)) return 'session';
  return null;
}

export interface Threshold {
  /** At least this many rounds in the period… */
  readonly rounds: number;
  /** …and at least this many minutes played. */
  readonly minutes: number;
}

/** Minimum activity in a period before a ratio (K/D, DPM, accuracy, efficiency, team damage %) ranks. */
export const THRESHOLDS: Readonly<Record<PeriodKind, Threshold>> = {
  all: { rounds: 20, minutes: 120 },
  season: { rounds: 10, minutes: 60 },
  last30: { rounds: 10, minutes: 60 },
  session: { rounds: 4, minutes: 20 },
};

/** The threshold a metric needs in a period (null: any non-zero value ranks). */
export function thresholdOf(metric: MetricId, kind: PeriodKind): Threshold | null {
  return METRICS[metric].needsThreshold ? THRESHOLDS[kind] : null;
}

/** A round counts for rankings and achievements when humans outnumber bots in it. */
export const RANKED_ROUND = (alias: string): SQL =>
  sql.raw(`(${alias}.bot_count * 2 < ${alias}.player_count)`);

/** A player-weapon row (`w`) where the player fired the weapon or killed with it: a round "with" it. */
export const WEAPON_USED = sql.raw('(w.shots > 0 or w.kills > 0)');

/**
 * Humans' player-weapon rows (`w`, with the player as `p`, the round as `r`) where `where` holds, as the
 * `from … where …` of a query: bots' weapon use says nothing about the community. The weapon reads and
 * the recompute's weapon totals sum the same rows.
 */
export const humanWeaponRows = (where: SQL): SQL =>
  sql`from player_weapon_rounds w join players p on p.guid = w.guid join rounds r on r.id = w.round_id
    where not p.bot and ${where}`;

/** Weapon id of WS_GRENADE (stats/fields.ts WEAPON_NAMES). */
export const GRENADE_WEAPON = 11;

/**
 * Per (period, guid) sums of what the metrics need, over a `b` relation holding one ranked human
 * player-round per row (see `rankedPlayerRounds`). Minutes are rounded to the tenth they are written in.
 */
export const AGGREGATES = sql.raw(`count(*)::int as rounds,
  coalesce(round(sum(b.time_played_min)::numeric, 1), 0)::float8 as minutes,
  sum(b.kills)::float8 as kills, sum(b.deaths)::float8 as deaths, sum(b.hits)::float8 as hits,
  sum(b.shots)::float8 as shots, sum(b.damage_given)::float8 as damage_given,
  sum(b.team_damage_given)::float8 as team_damage_given, sum(b.headshot_kills)::float8 as headshot_kills,
  sum(b.revives_given)::float8 as revives, sum(b.gibs)::float8 as gibs,
  sum(b.objectives_stolen + b.objectives_returned + b.dynamites_planted + b.dynamites_defused)::float8 as objectives,
  sum(b.multikill_2x + b.multikill_3x + b.multikill_4x + b.multikill_5x + b.multikill_6x)::float8 as multikills,
  sum(b.grenades)::float8 as grenades, sum(b.xp)::float8 as xp,
  count(b.revives_given)::int as revives_rounds,
  count(b.multikill_2x + b.multikill_3x + b.multikill_4x + b.multikill_5x + b.multikill_6x)::int as multikills_rounds`);

/**
 * Figures older mods' files do not carry (revives given, multi-kills: STATS_FORMAT.md, "Older layouts")
 * are null there: their sums skip those rounds, and an entry counts only the rounds that had the figure.
 */
const KNOWN_ROUNDS: Partial<Record<MetricId, string>> = {
  revives: 'a.revives_rounds',
  multikills: 'a.multikills_rounds',
};

/** Each metric's value over an `a` row of AGGREGATES, and whether the row ranks (threshold met or non-zero). */
function metricValue(id: MetricId): { value: string; ranks: string } {
  const enough = 'a.rounds >= a.min_rounds and a.minutes >= a.min_minutes';
  switch (id) {
    case 'kd':
      return {
        value: 'case when a.deaths > 0 then a.kills / a.deaths else a.kills end',
        ranks: enough,
      };
    case 'dpm':
      return {
        value: 'case when a.minutes > 0 then a.damage_given / a.minutes else 0 end',
        ranks: enough,
      };
    case 'accuracy':
      return {
        value: 'case when a.shots > 0 then 100 * a.hits / a.shots else 0 end',
        ranks: enough,
      };
    case 'efficiency':
      return {
        value:
          'case when a.kills + a.deaths > 0 then 100 * a.kills / (a.kills + a.deaths) else 0 end',
        ranks: enough,
      };
    case 'team_damage':
      return {
        value:
          'case when a.damage_given > 0 then 100 * a.team_damage_given / a.damage_given else 0 end',
        ranks: `${enough} and a.damage_given > 0`,
      };
    case 'headshots':
      return { value: 'a.headshot_kills', ranks: 'a.headshot_kills > 0' };
    case 'time':
      return { value: 'a.minutes', ranks: 'a.minutes > 0' };
    case 'rounds':
      return { value: 'a.rounds', ranks: 'a.rounds > 0' };
    default:
      return { value: `a.${id}`, ranks: `a.${id} > 0` };
  }
}

/**
 * `(values ('kills', <value>, <ranks>, <rounds>), …) m(metric, value, ranks, rounds)`: one row per metric
 * for a lateral join; `rounds` are the rounds its figure was known in.
 */
export const METRIC_VALUES = sql.raw(
  `(values ${METRIC_IDS.map((id) => {
    const m = metricValue(id);
    return `('${id}', (${m.value})::float8, coalesce(${m.ranks}, false), ${KNOWN_ROUNDS[id] ?? 'a.rounds'})`;
  }).join(', ')}) m(metric, value, ranks, rounds)`,
);

/** Orders a (period, metric) partition best first; equal values share a rank. */
export const rankOrder = (metricColumn: string, valueColumn: string): SQL => {
  const ascending = METRIC_IDS.filter((id) => METRICS[id].order === 'asc')
    .map((id) => `'${id}'`)
    .join(', ');
  return sql.raw(
    `case when ${metricColumn} in (${ascending}) then ${valueColumn} else -${valueColumn} end`,
  );
};

/** `case kind when 'all' then 20 … end`: the threshold of a row's period kind, for SQL. */
export function thresholdSql(column: 'rounds' | 'minutes', kindColumn: string): SQL {
  const arms = Object.entries(THRESHOLDS)
    .map(([kind, t]) => `when '${kind}' then ${t[column]}`)
    .join(' ');
  return sql.raw(`(case ${kindColumn} ${arms} end)`);
}
