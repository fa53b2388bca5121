import { sql } from 'drizzle-orm';
import { accuracy, damagePerMinute, efficiency, killDeathRatio } from '../../stats/metrics.ts';
import type { Queryable } from '../../worker/db/database.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';
import {
  METRICS,
  type MetricId,
  type PeriodId,
  type PeriodKind,
  storedPeriod,
  THRESHOLDS,
} from '../../worker/recompute/metrics.ts';

/**
 * The plain, slow definition of a leaderboard, written without the recompute's SQL: the tests hold the
 * precomputed boards to it. Reads every raw per-round row and sums in JavaScript.
 */
export interface RawPlayerRound {
  guid: string;
  bot: boolean;
  bot_count: number;
  player_count: number;
  session_id: number | null;
  ended_ms: number;
  round_id: number;
  kills: number;
  deaths: number;
  hits: number;
  shots: number;
  damage_given: number;
  team_damage_given: number;
  headshot_kills: number;
  revives_given: number;
  gibs: number;
  objectives_stolen: number;
  objectives_returned: number;
  dynamites_planted: number;
  dynamites_defused: number;
  multikill_2x: number;
  multikill_3x: number;
  multikill_4x: number;
  multikill_5x: number;
  multikill_6x: number;
  xp: number;
  time_played_min: number;
  grenades: number;
}

export async function rawPlayerRounds(db: Queryable): Promise<RawPlayerRound[]> {
  return rowsOf<RawPlayerRound>(
    db,
    sql`
    select pr.*, r.bot_count, r.player_count, r.session_id, (extract(epoch from r.ended_at) * 1000)::float8 as ended_ms,
      coalesce((select w.kills from player_weapon_rounds w where w.round_id = pr.round_id and w.guid = pr.guid and w.weapon = 11), 0) as grenades
    from player_rounds pr join rounds r on r.id = pr.round_id`,
  );
}

export interface ReferenceEntry {
  guid: string;
  rank: number;
  value: number;
  rounds: number;
  minutes: number;
}

type Sums = Omit<
  RawPlayerRound,
  'guid' | 'bot' | 'bot_count' | 'player_count' | 'session_id' | 'ended_ms' | 'round_id'
> & { rounds: number };

function metricOf(metric: MetricId, s: Sums, minutes: number): number {
  const m = { ...s, headshot_hits: 0, time_played_min: minutes };
  switch (metric) {
    case 'kills':
      return s.kills;
    case 'kd':
      return killDeathRatio(m);
    case 'dpm':
      return damagePerMinute(m);
    case 'accuracy':
      return accuracy(m);
    case 'headshots':
      return s.headshot_kills;
    case 'revives':
      return s.revives_given;
    case 'gibs':
      return s.gibs;
    case 'objectives':
      return (
        s.objectives_stolen + s.objectives_returned + s.dynamites_planted + s.dynamites_defused
      );
    case 'efficiency':
      return efficiency(m);
    case 'team_damage':
      return s.damage_given > 0 ? (100 * s.team_damage_given) / s.damage_given : 0;
    case 'multikills':
      return s.multikill_2x + s.multikill_3x + s.multikill_4x + s.multikill_5x + s.multikill_6x;
    case 'grenades':
      return s.grenades;
    case 'xp':
      return s.xp;
    case 'time':
      return minutes;
    case 'rounds':
      return s.rounds;
  }
}

/** The board of `metric` over the rows `inPeriod` keeps: humans only, rounds where humans outnumber bots. */
export function referenceBoard(
  rows: readonly RawPlayerRound[],
  inPeriod: (r: RawPlayerRound) => boolean,
  kind: PeriodKind,
  metric: MetricId,
): ReferenceEntry[] {
  const sums = new Map<string, Sums>();
  for (const r of rows) {
    const humans = r.player_count - r.bot_count;
    if (r.bot || humans <= r.bot_count || !inPeriod(r)) continue;
    const s = sums.get(r.guid) ?? ({ rounds: 0 } as Sums);
    for (const [key, value] of Object.entries(r)) {
      if (
        typeof value === 'number' &&
        !['bot_count', 'player_count', 'session_id', 'ended_ms', 'round_id'].includes(key)
      ) {
        (s as Record<string, number>)[key] = ((s as Record<string, number>)[key] ?? 0) + value;
      }
    }
    s.rounds++;
    sums.set(r.guid, s);
  }
  const threshold = THRESHOLDS[kind];
  const board: Omit<ReferenceEntry, 'rank'>[] = [];
  for (const [guid, s] of sums) {
    const minutes = Math.round(s.time_played_min * 10) / 10;
    const value = metricOf(metric, s, minutes);
    const def = METRICS[metric];
    const ranks = def.needsThreshold
      ? s.rounds >= threshold.rounds &&
        minutes >= threshold.minutes &&
        (metric !== 'team_damage' || s.damage_given > 0)
      : value > 0;
    if (ranks) board.push({ guid, value, rounds: s.rounds, minutes });
  }
  const better = (a: number, b: number) =>
    METRICS[metric].order === 'asc' ? a < b - 1e-9 : a > b + 1e-9;
  return board
    .map((e) => ({ ...e, rank: 1 + board.filter((o) => better(o.value, e.value)).length }))
    .sort((a, b) => a.rank - b.rank || (a.guid < b.guid ? -1 : 1));
}

export interface StoredEntry extends ReferenceEntry {
  period: string;
  metric: string;
}

/**
 * Every board the recompute should have stored (all time, last 30 days before `now` or, when no round
 * ended in them, before the latest round, each season that
 * has a round, each session), from the raw rows; values to 12 significant digits for comparison. The
 * period ids are stored ones (`<community>:<period>`): the database holds one community's rounds.
 */
export async function referenceEntries(
  db: Queryable,
  now: Date,
  seasonKeyOf: (ms: number) => string | null,
  communityId: number = DEFAULT_COMMUNITY_ID,
): Promise<StoredEntry[]> {
  const raw = await rawPlayerRounds(db);
  const sessions = await rowsOf<{ id: number }>(db, sql`select id from gaming_sessions`);
  // The last 30 days before `now`, or before the latest round when none ended in them.
  const [latest] = await rowsOf<{ ms: number | null }>(
    db,
    sql`select (extract(epoch from max(ended_at)) * 1000)::float8 as ms from rounds`,
  );
  const month = 30 * 86_400_000;
  const latestMs = latest?.ms ?? null;
  const last30From =
    latestMs !== null && latestMs < now.getTime() - month
      ? latestMs - month
      : now.getTime() - month;
  const seasons = [
    ...new Set(raw.map((r) => seasonKeyOf(r.ended_ms)).filter((k): k is string => k !== null)),
  ];
  const periods: [string, PeriodKind, (r: RawPlayerRound) => boolean][] = [
    ['all', 'all', () => true],
    ['last30', 'last30', (r) => r.ended_ms >= last30From],
    ...seasons.map((key): [string, PeriodKind, (r: RawPlayerRound) => boolean] => [
      `season:${key}`,
      'season',
      (r) => seasonKeyOf(r.ended_ms) === key,
    ]),
    ...sessions.map((s): [string, PeriodKind, (r: RawPlayerRound) => boolean] => [
      `session:${s.id}`,
      'session',
      (r) => r.session_id === s.id,
    ]),
  ];
  return periods
    .flatMap(([period, kind, inPeriod]) =>
      (Object.keys(METRICS) as MetricId[]).flatMap((metric) =>
        referenceBoard(raw, inPeriod, kind, metric).map((e) => ({
          period: storedPeriod(communityId, period as PeriodId),
          metric,
          ...e,
          value: Number(e.value.toPrecision(12)),
        })),
      ),
    )
    .sort(byBoardOrder);
}

export function byBoardOrder(a: StoredEntry, b: StoredEntry): number {
  const key = (e: StoredEntry) => [e.period, e.metric];
  const [ap, am] = key(a);
  const [bp, bm] = key(b);
  return (
    (ap as string).localeCompare(bp as string) ||
    (am as string).localeCompare(bm as string) ||
    a.rank - b.rank ||
    (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0)
  );
}

/** The stored entries in the same shape and order as `referenceEntries`. */
export async function storedEntries(db: Queryable): Promise<StoredEntry[]> {
  const rows = await rowsOf<StoredEntry>(
    db,
    sql`select period, metric, guid, rank, value, rounds, minutes from leaderboard_entries`,
  );
  return rows
    .map((r) => ({
      ...r,
      value: Number(r.value.toPrecision(12)),
      minutes: Math.round(r.minutes * 10) / 10,
    }))
    .sort(byBoardOrder);
}
