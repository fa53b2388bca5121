// stats.lua's push, end to end: gzipped round JSON posted as stats.lua posts it → the Worker in workerd →
// PostgreSQL (durable) through Neon's driver and the WebSocket bridge. Prints throughput (rounds/s) and
// the time from POST to visible in /api/rounds.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { generateCorpus } from '../generator/index.ts';
import { type StatsLuaFile, statsLuaPayloads } from '../generator/stats-lua.ts';
import { startWsBridge } from '../scripts/lib/ws-bridge.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { importRoundTrips } from '../test/support/round-trips.ts';
import { startWorker } from '../test/support/workerd.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { TOKEN_RATE_LIMIT } from '../worker/ingest/bearer.ts';
import { addServerToken } from '../worker/ingest/tokens.ts';
import { DEFAULT_COMMUNITY_ID } from '../worker/queries/communities.ts';

const ROUNDS = 400;
const LATENCY_SAMPLES = 7;
/** Requests in flight at once: many game servers ending rounds at the same moment. */
const CONCURRENCY = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serialization failures and deadlocks PostgreSQL logged (transactions that were rolled back and tried
 * again, e.g. the recompute racing imports), or null without a log to read.
 */
async function racesLogged(logFile: string | undefined): Promise<number | null> {
  if (!logFile) return null;
  const log = await readFile(logFile, 'utf8').catch(() => null);
  if (log === null) return null;
  return log.split('\n').filter((line) => /could not serialize access|deadlock detected/.test(line))
    .length;
}

/** Each evening to a server of its own, as a community's several servers send theirs. */
function byEvening(files: readonly StatsLuaFile[]): StatsLuaFile[][] {
  const evenings = new Map<string, StatsLuaFile[]>();
  for (const f of files) {
    const day = /-(\d{4}-\d{2}-\d{2})-\d{6}-/.exec(f.name)?.[1] ?? '';
    evenings.set(day, [...(evenings.get(day) ?? []), f]);
  }
  return [...evenings.values()];
}

export default async function benchStatsLua(): Promise<void> {
  const corpus = generateCorpus({ seed: 15, evenings: 70, players: 40, malformed: 0 });
  const evenings = byEvening(statsLuaPayloads(corpus.files));
  // The latency rounds: a later evening of its own, long enough for every sample.
  const lateAt = evenings.findLastIndex((e) => e.length >= LATENCY_SAMPLES);
  const late = evenings.splice(lateAt, 1)[0] ?? [];
  // What bounds throughput: the statements each import sends while it holds the import lock (counted on
  // PGlite over the same payloads; the wire and the lock are the same on PostgreSQL).
  const counted = (
    await importRoundTrips(
      (evenings[0] ?? []).map((f) => ({
        name: f.name,
        bytes: new TextEncoder().encode(JSON.stringify(f.payload)),
      })),
    )
  ).filter((c) => c.status === 'imported');
  const locked = counted.map((c) => c.locked).sort((a, b) => a - b);
  console.log(
    `statements per stats.lua round under the import lock (COMMIT aside): median ${locked[Math.floor(locked.length / 2)]}, most ${locked.at(-1)} over ${locked.length} rounds; outside it at most ${Math.max(...counted.map((c) => c.outside))} (plus the token check)`,
  );
  const postgres = await startPostgres({ durable: true });
  const handle = openNodePostgres(postgres.url, { max: 2 });
  const bridge = await startWsBridge();
  const worker = await startWorker({
    bindings: {
      DATABASE_URL: postgres.url,
      DATABASE_WS_PROXY: bridge.url,
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
      DISCORD_APPLICATION_ID: '100000000000000001',
    },
  });
  try {
    await migrate(handle.db);
    const jobs: { body: Uint8Array; token: string }[] = [];
    const tokens: string[] = [];
    for (const [i, evening] of evenings.entries()) {
      if (jobs.length >= ROUNDS) break;
      const made = await addServerToken(handle.db, {
        communityId: DEFAULT_COMMUNITY_ID,
        name: `gather ${i}`,
      });
      if (!made.ok) throw new Error(made.reason);
      tokens.push(made.value.token);
      if (evening.length > TOKEN_RATE_LIMIT) throw new Error('an evening is over the rate limit');
      for (const f of evening)
        jobs.push({ body: gzipSync(JSON.stringify(f.payload)), token: made.value.token });
    }
    const mean = jobs.reduce((n, j) => n + j.body.length, 0) / jobs.length;
    const post = async (body: Uint8Array, token: string) => {
      const response = await worker.fetch('/ingest/stats-lua', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        },
        body: body as BodyInit,
      });
      const answer = (await response.json()) as { fileName?: string; error?: string };
      if (response.status !== 201) throw new Error(`${response.status}: ${answer.error}`);
      return answer.fileName as string;
    };
    // The isolate's start and its first connection are not ingest: one request before the clock starts.
    await worker.fetch('/health');
    const racesBefore = await racesLogged(postgres.logFile);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++] as (typeof jobs)[number];
          await post(job.body, job.token);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const [count] = await rowsOf<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from rounds`,
    );
    // The derived tables (sessions, leaderboards, ratings) catch up after the burst: the queue empties.
    for (;;) {
      const [left] = await rowsOf<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from recompute_queue`,
      );
      if (left?.n === 0 || performance.now() - started > 120_000) break;
      await sleep(100);
    }
    const caughtUp = (performance.now() - started) / 1000 - seconds;
    const racesAfter = await racesLogged(postgres.logFile);
    const races =
      racesBefore === null || racesAfter === null ? 'unknown' : String(racesAfter - racesBefore);
    console.log(
      `stats.lua POST (gzip, mean ${(mean / 1024).toFixed(1)} KiB) → Worker (workerd) → PostgreSQL: ${jobs.length} rounds in ${seconds.toFixed(1)} s = ${(jobs.length / seconds).toFixed(0)} rounds/s (target >= 50; ${CONCURRENCY} in flight, ${tokens.length} servers; ${count?.n} rounds stored)`,
    );
    console.log(
      `derived tables caught up ${caughtUp.toFixed(1)} s after the last POST; serialization failures/deadlocks retried: ${races}`,
    );

    const made = await addServerToken(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'late',
    });
    if (!made.ok) throw new Error(made.reason);
    const latencies: number[] = [];
    for (const f of late.slice(0, LATENCY_SAMPLES)) {
      await sleep(200);
      const sent = performance.now();
      const name = await post(gzipSync(JSON.stringify(f.payload)), made.value.token);
      for (;;) {
        const seen = await worker.fetch(`/api/rounds?file=${encodeURIComponent(name)}`);
        if (seen.status === 200) break;
        if (performance.now() - sent > 30_000) throw new Error(`${name} never showed`);
        await sleep(10);
      }
      latencies.push(performance.now() - sent);
    }
    latencies.sort((a, b) => a - b);
    const ms = (v: number | undefined) => `${Math.round(v ?? Number.NaN)} ms`;
    console.log(
      `POST → visible in /api/rounds: median ${ms(latencies[Math.floor(latencies.length / 2)])}, worst ${ms(latencies.at(-1))} over ${latencies.length} rounds (target < 2000 ms)`,
    );
  } finally {
    await worker.stop();
    await bridge.close();
    await handle.close();
    await postgres.stop();
  }
}
