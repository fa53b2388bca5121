// The recompute on local PostgreSQL: a full recompute of a generated 20,000-round database, then the
// incremental update after one new round. Targets: full < 60 s, incremental < 1 s.
import { DEFAULT_COMMUNITY_ID } from '../worker/queries/communities.ts';
import { sql } from 'drizzle-orm';
import { ensureGameServer } from '../scripts/lib/import-folder.ts';
import { generateCorpus } from '../generator/index.ts';
import { startPostgres } from '../test/support/postgres.ts';
import type { Database } from '../worker/db/database.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';
import {
  recomputeAfterImport,
  recomputeAll,
  type RecomputeSettings,
  refreshClockPeriods,
} from '../worker/recompute/index.ts';
import { leaderboard } from '../worker/recompute/read.ts';
import { regroupSessions } from '../worker/recompute/sessions.ts';

/** BENCH_RECOMPUTE_ROUNDS makes a smaller database for a quick look; the figures that count use 20,000. */
const ROUNDS = Number(process.env.BENCH_RECOMPUTE_ROUNDS ?? 20_000);
const NEW_ROUNDS = 6;
/** The original generated files are copied this many times (see `replicate`). */
const COPIES = 9;
const settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: { monthsPerSeason: 3 } };

const seconds = (from: number) => (performance.now() - from) / 1000;
const ms = (from: number) => performance.now() - from;
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return ((used.user + used.system) / 1000).toFixed(0);
};

/** Every file through the canonical importer, as production does it. */
async function importAll(
  db: Database,
  files: readonly { name: string; bytes: Uint8Array }[],
  serverId: number,
) {
  let rounds = 0;
  for (const file of files) {
    const outcome = await importStatsFile(
      db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
    if (outcome.status === 'imported') rounds++;
  }
  return rounds;
}

/**
 * Copies everything the importer stored (files, rounds, matches, per-round and per-weapon rows) `copies`
 * more times, each copy earlier in time by the span of the original, then regroups the sessions: the same
 * players keep playing for `copies + 1` times as long. Importing 20,000 files one by one takes minutes
 * on this machine; the copies are rows the importer itself wrote, shifted.
 */
async function replicate(db: Database, copies: number) {
  await db.transaction(async (tx) => {
    const [span] = await rowsOf<{ days: number; files: number; rounds: number; matches: number }>(
      tx,
      sql`
      select ceil(extract(epoch from max(r.ended_at) - min(r.started_at)) / 86400)::int + 1 as days,
        (select max(id)::int from stats_files) as files, max(r.id)::int as rounds, (select coalesce(max(id), 0)::int from matches) as matches from rounds r`,
    );
    const { days, files, rounds, matches } = span as {
      days: number;
      files: number;
      rounds: number;
      matches: number;
    };
    for (const table of [
      'stats_files',
      'rounds',
      'matches',
      'player_rounds',
      'player_weapon_rounds',
    ]) {
      await tx.execute(
        sql.raw(`create temp table base_${table} on commit drop as select * from ${table}`),
      );
    }
    for (let k = 1; k <= copies; k++) {
      const shift = `interval '${k * days} days'`;
      const copy = async (table: string, changes: string) => {
        await tx.execute(sql.raw(`create temp table copy_${table} as select * from base_${table}`));
        await tx.execute(sql.raw(`update copy_${table} set ${changes}`));
        await tx.execute(sql.raw(`insert into ${table} select * from copy_${table}`));
        await tx.execute(sql.raw(`drop table copy_${table}`));
      };
      await copy(
        'stats_files',
        `id = id + ${k * files}, sha256 = sha256 || ':copy${k}', normalized_sha256 = normalized_sha256 || ':copy${k}'`,
      );
      await copy(
        'rounds',
        `id = id + ${k * rounds}, file_id = file_id + ${k * files}, match_id = match_id + ${k * matches}, session_id = null,
        ended_at = ended_at - ${shift}, started_at = started_at - ${shift},
        local_time = to_char(local_time::timestamp - ${shift}, 'YYYY-MM-DD"T"HH24:MI:SS')`,
      );
      await copy(
        'matches',
        `id = id + ${k * matches}, round1_id = round1_id + ${k * rounds}, round2_id = round2_id + ${k * rounds},
        started_at = started_at - ${shift}, ended_at = ended_at - ${shift}`,
      );
      await copy('player_rounds', `round_id = round_id + ${k * rounds}`);
      await copy('player_weapon_rounds', `round_id = round_id + ${k * rounds}`);
    }
    for (const table of ['stats_files', 'rounds', 'matches']) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
        ),
      );
    }
    await tx.execute(sql`update players p set first_seen_at = (select min(r.ended_at) from player_rounds pr join rounds r on r.id = pr.round_id where pr.guid = p.guid)
      where exists (select 1 from player_rounds pr where pr.guid = p.guid)`);
    await regroupSessions(tx, settings.sessionGapMinutes);
  });
}

export default async function benchRecompute(): Promise<void> {
  const original = ROUNDS / (COPIES + 1);
  const { files } = generateCorpus({
    seed: 20_251_006,
    evenings: Math.ceil(original / 10),
    players: 300,
    malformed: 0,
  });
  if (files.length < original + NEW_ROUNDS)
    throw new Error(
      `the generator made ${files.length} files, fewer than ${original + NEW_ROUNDS}`,
    );
  const base = files.slice(0, original);
  // The new rounds come right after the original files, which stay the latest: copies are earlier.
  const fresh = files.slice(original, original + NEW_ROUNDS);

  const postgres = await startPostgres({ durable: true });
  const handle = openNodePostgres(postgres.url, { max: 1 });
  try {
    const { db } = handle;
    await migrate(db);
    const serverId = await ensureGameServer(db, { communityId: 1, name: 'bench' });
    let started = performance.now();
    const imported = await importAll(db, base, serverId);
    const importS = seconds(started);
    started = performance.now();
    await replicate(db, COPIES);
    // A database in steady state has planner statistics (autovacuum); a fresh bulk load has none yet.
    await db.execute(sql`analyze`);
    const copyS = seconds(started);
    const [size] = await rowsOf<{
      rounds: number;
      players: number;
      sessions: number;
      player_rounds: number;
      first: string;
      last: string;
    }>(
      db,
      sql`
      select count(*)::int as rounds, (select count(*)::int from players where not bot) as players, (select count(*)::int from gaming_sessions) as sessions,
        (select count(*)::int from player_rounds) as player_rounds, min(ended_at)::date::text as first, max(ended_at)::date::text as last from rounds`,
    );
    console.log(
      `database: ${size?.rounds} rounds, ${size?.player_rounds} player-rounds, ${size?.players} players, ${size?.sessions} sessions, ${size?.first} to ${size?.last}`,
    );
    console.log(
      `  made from ${imported} generated files (generator/index.ts, 300 players) through the importer (${importS.toFixed(0)} s), copied ${COPIES} times earlier in time (${copyS.toFixed(0)} s)`,
    );
    const now = new Date(`${size?.last}T23:59:59Z`);

    started = performance.now();
    let cpu = process.cpuUsage();
    const first = await recomputeAll(db, settings, now);
    console.log(
      `full recompute, first run:  ${seconds(started).toFixed(2)} s, ${cpuMs(cpu)} ms CPU in this process (${first.sessions} sessions, ${first.periods} periods, ${first.newAchievements.length} achievements unlocked) (target < 60 s)`,
    );
    started = performance.now();
    cpu = process.cpuUsage();
    await recomputeAll(db, settings, now);
    console.log(
      `full recompute, again:      ${seconds(started).toFixed(2)} s, ${cpuMs(cpu)} ms CPU in this process`,
    );
    started = performance.now();
    cpu = process.cpuUsage();
    await refreshClockPeriods(db, settings, now);
    console.log(
      `cron clock refresh (last 30 days, current season): ${ms(started).toFixed(0)} ms, ${cpuMs(cpu)} ms CPU in this process`,
    );
    const [entries] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from leaderboard_entries`,
    );
    console.log(`  leaderboard entries: ${entries?.n}`);

    const incremental: number[] = [];
    for (const file of fresh) {
      const outcome = await importStatsFile(
        db,
        { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
        settings,
      );
      if (outcome.status !== 'imported') continue;
      started = performance.now();
      cpu = process.cpuUsage();
      const report = await recomputeAfterImport(db, { roundId: outcome.roundId, now }, settings);
      incremental.push(ms(started));
      console.log(
        `incremental after ${file.name}: ${ms(started).toFixed(0)} ms, ${cpuMs(cpu)} ms CPU in this process (${report.sessions} sessions, ${report.players} players, ${report.newAchievements.length} new achievements)`,
      );
    }
    const worst = Math.max(...incremental);
    console.log(
      `incremental update after one new round: median ${median(incremental).toFixed(0)} ms, worst ${worst.toFixed(0)} ms (target < 1000 ms)`,
    );

    const reads: number[] = [];
    for (let i = 0; i < 20; i++) {
      started = performance.now();
      await leaderboard(db, DEFAULT_COMMUNITY_ID, i % 2 === 0 ? 'kd' : 'kills', 'all', {
        limit: 10,
      });
      reads.push(ms(started));
    }
    console.log(`leaderboard read (/top): median ${median(reads).toFixed(1)} ms`);
  } finally {
    await handle.close();
    await postgres.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
