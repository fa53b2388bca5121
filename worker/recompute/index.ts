import { eq, inArray, sql } from 'drizzle-orm';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { ownAll } from '../importer/guid-owners.ts';
import { keptGuidsOf } from '../importer/player-merges.ts';
import { currentSeason, type Season, type SeasonConfig, seasonOf } from '../../stats/seasons.ts';
import { recomputeState, rounds, statsFiles } from '../../schema/index.ts';
import type { Queryable, Transaction } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { mapPlaysAround } from '../importer/rederive.ts';
import { type NewAchievement, recomputeAchievements } from './achievements.ts';
import {
  allTimePeriod,
  lastDaysPeriod,
  type PeriodSpec,
  rankAllSessions,
  rankPeriods,
  seasonPeriodSpec,
  sessionPeriodSpec,
  writePeriods,
} from './leaderboards.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { locked } from '../db/locks.ts';
import { regroupSessions } from './sessions.ts';
import { ofCommunity } from '../db/scopes.ts';
import { latestPlayOf } from '../db/scopes.ts';
import { recomputeRating } from './rating.ts';
import { recomputeTeams } from './teams.ts';
import { monthOf, recomputeWeapons } from './weapons.ts';
import { recomputeNames } from './names.ts';

export type { NewAchievement } from './achievements.ts';

/** What the recompute needs to know, read and validated once at the edge (Worker config, CLI flags). */
export interface RecomputeSettings {
  /** The longest break between two rounds of one gaming session (the importer's setting too). */
  readonly sessionGapMinutes: number;
  /** How seasons are cut (stats/seasons.ts; `QUARTERS` by default). */
  readonly seasons: SeasonConfig;
}

export interface RecomputeReport {
  readonly scope: 'full' | 'incremental' | 'clock';
  /** Sessions whose teams, map results and leaderboards were recomputed. */
  readonly sessions: number;
  /** Leaderboard periods written. */
  readonly periods: number;
  /** Players whose standings and achievements were recomputed (null: everyone). */
  readonly players: number | null;
  /** Whether the full recompute had to regroup sessions (the gap setting changed). */
  readonly sessionsRegrouped: boolean;
  /**
   * Achievements unlocked that were not stored before, oldest first. The post-import step announces
   * these; a full run lists what no incremental step had stored (everything, on a first run), so a cron
   * should not announce them wholesale.
   */
  readonly newAchievements: NewAchievement[];
}

/** Every community, oldest first: each has its own periods and achievements. */
async function communityIds(tx: Queryable): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(tx, sql`select id from communities order by id`);
  return rows.map((r) => Number(r.id));
}

async function recordRun(
  tx: Transaction,
  report: RecomputeReport,
  now: Date,
  communities: readonly number[] | 'all',
) {
  // Every recompute can change what a page shows: the website's caches of these communities expire.
  await bumpDataVersion(tx, communities);
  const { newAchievements, ...counts } = report;
  const detail = JSON.stringify({ ...counts, newAchievements: newAchievements.length });
  await tx
    .insert(recomputeState)
    .values({ scope: report.scope, finishedAt: now, detail })
    .onConflictDoUpdate({ target: recomputeState.scope, set: { finishedAt: now, detail } });
}

/** The seasons of these round times, and the current one (its board exists before anyone plays in it). */
function seasonsOf(dates: readonly Date[], now: Date, config: SeasonConfig): Season[] {
  const seasons = new Map<string, Season>();
  for (const season of [...dates.map((d) => seasonOf(d, config)), currentSeason(now, config)])
    if (season) seasons.set(season.key, season);
  return [...seasons.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * The full recompute (cron, on demand, after a rebuild): sessions regrouped if the gap rule says so,
 * every session's teams and results, every leaderboard (all time, each season that has rounds and the
 * current one, the last 30 days before `now`, each session) and every achievement. Running it again
 * with the same data and `now` changes nothing.
 */
export async function recomputeAll(
  db: Queryable,
  settings: RecomputeSettings,
  now: Date,
): Promise<RecomputeReport> {
  return locked(
    db,
    async (tx) => {
      await tx.execute(sql`delete from recompute_queue`); // everything queued is covered by this run
      const sessionsRegrouped = await regroupSessions(tx, settings.sessionGapMinutes);
      const teams = await recomputeTeams(tx, 'all');
      // Entries first, in one statement: deleting the periods alone would cascade to them period by period.
      await tx.execute(sql`delete from leaderboard_entries`);
      await tx.execute(sql`delete from leaderboard_periods`);
      let periods = 0;
      const newAchievements: NewAchievement[] = [];
      for (const communityId of await communityIds(tx)) {
        await recomputeRating(tx, communityId, 'all');
        await recomputeWeapons(tx, communityId, 'all');
        await recomputeNames(tx, communityId, 'all');
        const days = await rowsOf<{ day: string }>(
          tx,
          sql`select distinct to_char(ended_at at time zone 'UTC', 'YYYY-MM-DD') as day from rounds r
          where ${ofCommunity(communityId)}`,
        );
        const seasons = seasonsOf(
          days.map((d) => new Date(`${d.day}T12:00:00Z`)),
          now,
          settings.seasons,
        );
        const sessions = await rowsOf<{ id: number; started_at: string }>(
          tx,
          sql`select id, to_json(started_at)#>>'{}' as started_at from gaming_sessions s
          where ${ofCommunity(communityId, 's')}`,
        );
        const timePeriods = [
          allTimePeriod(communityId),
          lastDaysPeriod(communityId, now, await latestPlayOf(tx, communityId)),
          ...seasons.map((season) => seasonPeriodSpec(communityId, season)),
        ];
        await writePeriods(tx, [
          ...timePeriods,
          ...sessions.map((s) =>
            sessionPeriodSpec(communityId, { id: s.id, startedAt: new Date(s.started_at) }),
          ),
        ]);
        await rankPeriods(tx, timePeriods, null);
        periods += timePeriods.length + sessions.length;
        newAchievements.push(...(await recomputeAchievements(tx, communityId, 'all')));
      }
      await rankAllSessions(tx);
      const report: RecomputeReport = {
        scope: 'full',
        sessions: teams.sessions,
        periods,
        players: null,
        sessionsRegrouped,
        newAchievements,
      };
      await recordRun(tx, report, now, 'all');
      return report;
    },
    { withImports: true },
  );
}

/**
 * The cheap part of a cron run, SQL only: the last 30 days before `now` re-ranked (the window moves
 * with the clock) and the current season's period created when a new season began. Everything else is
 * kept current by `recomputeAfterImport`; the result equals `recomputeAll` with the same `now`.
 */
export async function refreshClockPeriods(
  db: Queryable,
  settings: RecomputeSettings,
  now: Date,
): Promise<RecomputeReport> {
  return locked(db, async (tx) => {
    const season = currentSeason(now, settings.seasons);
    let periods = 0;
    for (const communityId of await communityIds(tx)) {
      const last30 = lastDaysPeriod(communityId, now, await latestPlayOf(tx, communityId));
      await writePeriods(tx, [last30, ...(season ? [seasonPeriodSpec(communityId, season)] : [])]);
      await rankPeriods(tx, [last30], null);
      periods += season ? 2 : 1;
    }
    const report: RecomputeReport = {
      scope: 'clock',
      sessions: 0,
      periods,
      players: 0,
      sessionsRegrouped: false,
      newAchievements: [],
    };
    // The last 30 days moved with the clock, so every community's 30-day pages may have changed.
    await recordRun(tx, report, now, 'all');
    return report;
  });
}

/** Every GUID named in the files of these rounds (rows can vanish, e.g. an R2 that lost its pair). */
async function playersOfFiles(tx: Transaction, roundIds: readonly number[]): Promise<string[]> {
  const files = await tx
    .select({
      id: statsFiles.id,
      serverId: statsFiles.serverId,
      fileName: statsFiles.fileName,
      bytes: statsFiles.bytes,
    })
    .from(statsFiles)
    .innerJoin(rounds, eq(rounds.fileId, statsFiles.id))
    .where(inArray(rounds.id, [...roundIds]));
  const read = new Map<number, ParsedRound>();
  for (const f of files) {
    const r = readStatsFile(f.fileName, f.bytes);
    if (r.ok) read.set(f.id, r.round);
  }
  // A stats.lua player is filed under a prefix or a whole GUID, as its community's owners say.
  const serverOf = new Map(files.map((f) => [f.id, f.serverId]));
  await ownAll(tx, read, (id) => serverOf.get(id) as number);
  const guids = new Set<string>();
  for (const round of read.values()) for (const p of round.players) guids.add(p.guid);
  return [...guids].sort();
}

/**
 * The post-import step: recomputes only what the new round can change. The importer re-derived the
 * round's chain of plays of its map and regrouped the sessions around it, so: the sessions within the
 * gap of that chain (teams, map results, session leaderboards), the all-time and season standings and
 * weapon totals of the players named in the chain's files (and of the GUIDs merges file them under),
 * the last 30 days before `now` (it moves with the clock) and those players' achievements. The result
 * equals `recomputeAll` with the same `now`.
 */
export async function recomputeAfterImport(
  db: Queryable,
  change: { readonly roundId: number; readonly now: Date },
  settings: RecomputeSettings,
): Promise<RecomputeReport> {
  return locked(db, (tx) =>
    recomputeRounds(tx, { roundIds: [change.roundId], now: change.now }, settings),
  );
}

/** What one imported round's recompute covers: its map's chain of plays and the sessions within a gap of it. */
async function scopeOf(tx: Transaction, roundId: number, gapMs: number) {
  const [round] = await rowsOf<{
    server_id: number;
    community_id: number;
    map: string;
    ended_at: string;
  }>(
    tx,
    sql`
    select r.server_id, g.community_id, r.map, to_json(r.ended_at)#>>'{}' as ended_at
    from rounds r join game_servers g on g.id = r.server_id where r.id = ${roundId}`,
  );
  if (!round) return null;
  const chain = await mapPlaysAround(
    tx,
    round.server_id,
    round.map,
    new Date(round.ended_at).getTime(),
  );
  const chainIds = chain.length > 0 ? chain.map((r) => r.id) : [roundId];
  const [span] = await rowsOf<{ lo: string; hi: string }>(
    tx,
    sql`
    select to_json(min(started_at))#>>'{}' as lo, to_json(max(ended_at))#>>'{}' as hi from rounds where id in ${chainIds}`,
  );
  const lo = new Date(new Date(span?.lo ?? round.ended_at).getTime() - gapMs);
  const hi = new Date(new Date(span?.hi ?? round.ended_at).getTime() + gapMs);
  const sessions = await rowsOf<{ id: number; started_at: string }>(
    tx,
    sql`
    select id, to_json(started_at)#>>'{}' as started_at from gaming_sessions
    where server_id = ${round.server_id}
      and started_at <= ${hi.toISOString()}::timestamptz and ended_at >= ${lo.toISOString()}::timestamptz`,
  );
  const communityId = Number(round.community_id);
  const endedAt = chain.map((r) => r.endedAt);
  const months = [...endedAt, new Date(round.ended_at)].map(monthOf);
  return { communityId, chainIds, endedAt, months, sessions };
}

/**
 * The post-import step for several imported rounds at once (the queue drain): each round's scope as in
 * `recomputeAfterImport`, joined, so the last 30 days, the standings and the achievements of everyone
 * concerned are ranked once rather than once per round. The result equals `recomputeAll` with the same `now`.
 */
export async function recomputeRounds(
  tx: Transaction,
  change: { readonly roundIds: readonly number[]; readonly now: Date },
  settings: RecomputeSettings,
): Promise<RecomputeReport> {
  const gapMs = settings.sessionGapMinutes * 60_000;
  const scopes = new Map<
    number,
    { chainIds: Set<number>; endedAt: Date[]; months: string[]; sessionsById: Map<number, string> }
  >();
  for (const roundId of change.roundIds) {
    const scope = await scopeOf(tx, roundId, gapMs);
    if (!scope) continue;
    let joined = scopes.get(scope.communityId);
    if (!joined) {
      joined = { chainIds: new Set(), endedAt: [], months: [], sessionsById: new Map() };
      scopes.set(scope.communityId, joined);
    }
    for (const id of scope.chainIds) joined.chainIds.add(id);
    joined.endedAt.push(...scope.endedAt);
    joined.months.push(...scope.months);
    for (const s of scope.sessions) joined.sessionsById.set(s.id, s.started_at);
  }
  if (scopes.size === 0)
    return {
      scope: 'incremental',
      sessions: 0,
      periods: 0,
      players: 0,
      sessionsRegrouped: false,
      newAchievements: [],
    } satisfies RecomputeReport;
  let sessions = 0;
  let periods = 0;
  let players = 0;
  const newAchievements: NewAchievement[] = [];
  for (const [communityId, { chainIds, endedAt, months, sessionsById }] of [...scopes].sort(
    (a, b) => a[0] - b[0],
  )) {
    const sessionIds = [...sessionsById.keys()].sort((a, b) => a - b);
    await recomputeTeams(tx, sessionIds);
    // The rating is a chain in time: every map from the earliest one touched on is rated again.
    if (endedAt.length > 0)
      await recomputeRating(tx, communityId, Math.min(...endedAt.map((d) => d.getTime())));
    // The players the files name, and the players merges file their rows under.
    const named = await playersOfFiles(tx, [...chainIds]);
    const guids = [...new Set([...named, ...(await keptGuidsOf(tx, communityId, named))])].sort();
    await recomputeWeapons(tx, communityId, { guids, months });
    await recomputeNames(tx, communityId, guids);
    const seasons = seasonsOf(endedAt, change.now, settings.seasons);
    const sessionSpecs = sessionIds.map((id) =>
      sessionPeriodSpec(communityId, { id, startedAt: new Date(sessionsById.get(id) as string) }),
    );
    const last30 = lastDaysPeriod(communityId, change.now, await latestPlayOf(tx, communityId));
    const standing: PeriodSpec[] = [
      allTimePeriod(communityId),
      ...seasons.map((season) => seasonPeriodSpec(communityId, season)),
    ];
    await writePeriods(tx, [...standing, last30, ...sessionSpecs]);
    await rankPeriods(tx, sessionSpecs, null);
    await rankPeriods(tx, [last30], null);
    await rankPeriods(tx, standing, guids);
    newAchievements.push(...(await recomputeAchievements(tx, communityId, guids)));
    sessions += sessionIds.length;
    periods += standing.length + 1 + sessionSpecs.length;
    players += guids.length;
  }
  const report: RecomputeReport = {
    scope: 'incremental',
    sessions,
    periods,
    players,
    sessionsRegrouped: false,
    newAchievements,
  };
  await recordRun(tx, report, change.now, [...scopes.keys()]);
  return report;
}
