import { DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';
// The recompute on real PostgreSQL (the unit suite runs it on PGlite): the sample corpus's sessions and
// map scores against truth.json, every board against a straightforward sum over the raw rows, the
// incremental step after each out-of-order import against the full recompute, and a second full run.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { generateCorpus } from '../../generator/index.ts';
import { seasonOf } from '../../stats/seasons.ts';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { migrate } from '../../worker/db/migrate.ts';
import { openNodePostgres } from '../../worker/db/node-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { derivedDump } from '../support/derived-dump.ts';
import {
  recomputeAfterImport,
  recomputeAll,
  type RecomputeSettings,
} from '../../worker/recompute/index.ts';
import { leaderboard } from '../../worker/recompute/read.ts';
import { referenceEntries, storedEntries } from '../support/reference-leaderboard.ts';
import { corpusFiles, loadTruth } from '../support/corpus.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

const settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: { monthsPerSeason: 3 } };
const now = new Date('2025-10-20T12:00:00Z');
const seasonKey = (ms: number) => seasonOf(new Date(ms))?.key ?? null;
let postgres: TestPostgres;
let corpus: DatabaseHandle;
let generated: DatabaseHandle;

async function open(url: string) {
  const handle = openNodePostgres(url, { max: 2 });
  await migrate(handle.db);
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'recompute' })
    .returning();
  return { handle, serverId: (server as { id: number }).id };
}

beforeAll(async () => {
  postgres = await startPostgres();
  const first = await open(postgres.url);
  corpus = first.handle;
  for (const file of corpusFiles()) {
    await importStatsFile(
      corpus.db,
      { serverId: first.serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      settings,
    );
  }
  await recomputeAll(corpus.db, settings, now);

  // A second database in the same cluster: generated evenings, files in reverse order, incremental steps.
  const url = new URL(postgres.url);
  await corpus.db.execute(sql.raw(`create database recompute_generated`));
  url.pathname = '/recompute_generated';
  const second = await open(url.toString());
  generated = second.handle;
  const { files } = generateCorpus({
    seed: 77,
    evenings: 5,
    players: 12,
    playersPerEvening: [3, 8],
    rates: { botEvening: 0.6 },
  });
  for (const file of [...files].reverse()) {
    const outcome = await importStatsFile(
      generated.db,
      {
        serverId: second.serverId,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      settings,
    );
    if (outcome.status === 'imported')
      await recomputeAfterImport(generated.db, { roundId: outcome.roundId, now }, settings);
  }
});

afterAll(async () => {
  await generated?.close();
  await corpus?.close();
  await postgres?.stop();
});

describe('the recompute on PostgreSQL', () => {
  it('scores every complete map of the corpus as truth.json does', async () => {
    const truth = loadTruth();
    const rows = await rowsOf<{ r2: string; fa: number; fd: number }>(
      corpus.db,
      sql`
      select f.file_name as r2,
        case sm.first_attackers_team when 'A' then sm.team_a_points else sm.team_b_points end as fa,
        case sm.first_attackers_team when 'A' then sm.team_b_points else sm.team_a_points end as fd
      from session_maps sm join matches m on m.id = sm.match_id join rounds r on r.id = m.round2_id join stats_files f on f.id = r.file_id`,
    );
    const want = truth.rounds
      .filter((r) => r.map_score)
      .map((r) => [r.file, r.map_score?.first_attackers, r.map_score?.first_defenders]);
    expect(rows.map((r) => [r.r2, r.fa, r.fd]).sort()).toEqual(want.sort());
    const [sessions] = await rowsOf<{ n: number }>(
      corpus.db,
      sql`select count(*)::int as n from session_results`,
    );
    expect(sessions?.n).toBe(truth.sessions.length);
  });

  it('ranks every board as a straightforward sum over the raw rows', async () => {
    expect(await storedEntries(corpus.db)).toEqual(
      await referenceEntries(corpus.db, now, seasonKey),
    );
    expect(await storedEntries(generated.db)).toEqual(
      await referenceEntries(generated.db, now, seasonKey),
    );
    const page = await leaderboard(corpus.db, DEFAULT_COMMUNITY_ID, 'dpm', 'all', { limit: 3 });
    expect(page.rows).toHaveLength(3);
    expect(page.threshold).toEqual({ rounds: 20, minutes: 120 });
  });

  it('leaves after incremental steps exactly what a full recompute leaves, and a second full run changes nothing', async () => {
    const incremental = await derivedDump(generated.db);
    await recomputeAll(generated.db, settings, now);
    expect(await derivedDump(generated.db)).toEqual(incremental);
    await recomputeAll(generated.db, settings, now);
    expect(await derivedDump(generated.db)).toEqual(incremental);
  });
});
