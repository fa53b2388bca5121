// `npm run bench site`: how fast the website answers, through the real Worker (wrangler's bundle in workerd,
// in a process of its own: bench/site-server.ts) talking to PostgreSQL through Neon's driver and the
// WebSocket bridge, over the generated 20,000-round database of bench/commands.ts. Uncached: each request has a query string of its own, so neither the
// Workers cache nor an ETag can answer it and the page is drawn. Cached: the same URL again once the
// Workers cache holds it. Also the largest page of each type (HTML + CSS, before compression).
import { sql } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopProcessGroup } from '../scripts/lib/processes.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { buildDatabase } from './commands.ts';

/** Drawn pages per page type: p99 is the second slowest of 100. */
const SAMPLES = Number(process.env.BENCH_SITE_SAMPLES ?? 100);
/**
 * Cached answers per page type: a few milliseconds each, so 500, and p99 is the fifth slowest (of 100 it
 * would be the second, one pause of the isolate or the machine deciding it).
 */
const CACHED_SAMPLES = Number(process.env.BENCH_SITE_CACHED_SAMPLES ?? 500);
const UNCACHED_TARGET_MS = 150;
const CACHED_TARGET_MS = 20;
const SIZE_TARGET = 100_000;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);

/**
 * The Worker and the bridge in a process group of their own (bench/site-server.ts), so the timings are
 * a client's alone; `fetch` asks the Worker, `stop` ends the group (workerd included).
 */
async function startSiteServer(url: string, port: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./site-server.ts', import.meta.url).pathname, url, String(port)],
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the site server exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) resolve(line.slice('ready '.length));
    });
  });
  return {
    fetch: (path: string) => fetch(new URL(path, `${base}/`)),
    stop: () => stopProcessGroup(child.pid as number),
  };
}

export default async function benchSite(): Promise<void> {
  const postgres = await startPostgres({ durable: true });
  const node = openNodePostgres(postgres.url, { max: 1 });
  try {
    await migrate(node.db);
    const size = await buildDatabase(node.db, new Date());
    console.log(
      `database: ${size.rounds} rounds, ${size.players} players, ${size.sessions} sessions`,
    );
    // A database in steady state: the bulk load vacuumed and written out now, not by autovacuum and the
    // checkpointer in the middle of the timings (each would take a core of these two for seconds).
    await node.db.execute(sql`vacuum analyze`);
    await node.db.execute(sql`checkpoint`);
    const sessions = await rowsOf<{ id: string }>(
      node.db,
      sql`select id::text from gaming_sessions order by player_count desc, id desc limit 5`,
    );
    const players = await rowsOf<{ guid: string }>(
      node.db,
      sql`select guid from player_rounds where not bot group by guid order by count(*) desc limit 2`,
    );
    const [map] = await rowsOf<{ map: string }>(
      node.db,
      sql`select map from rounds group by map order by count(*) desc limit 1`,
    );
    const [a, b] = players.map((p) => p.guid.slice(0, 8));
    const pages: [string, string[]][] = [
      ['home', ['/']],
      ['sessions', ['/sessions']],
      ['session', sessions.map((s) => `/sessions/${s.id}`)],
      ['players', ['/players', '/players?filter=active']],
      ['player', [`/players/${a}`, `/players/${b}`]],
      ['top', ['/top/kills?period=all', '/top/dpm?period=30d']],
      ['maps', ['/maps']],
      ['map', [`/maps/${map?.map}`]],
      ['weapons', ['/weapons']],
      ['weapon', ['/weapons/MP40']],
      ['season', ['/seasons/current']],
      ['compare', [`/compare/${a}/${b}`]],
    ];
    const worker = await startSiteServer(postgres.url, postgres.port);
    const failures: string[] = [];
    try {
      // The isolate's first request loads the code, compiles the wasm and loads the fonts: timed apart,
      // so the first page measured is not charged with the start of the Worker.
      const started = performance.now();
      const first = await worker.fetch('/?bench=cold');
      await first.text();
      console.log(`first request of a fresh isolate (home): ${fmt(performance.now() - started)}`);
      console.log(
        `\n${'page'.padEnd(10)} ${'uncached p50'.padStart(13)} ${'p99'.padStart(9)}   ${'cached p50'.padStart(11)} ${'p99'.padStart(9)}   largest`,
      );
      let n = 0;
      for (const [name, paths] of pages) {
        const uncached: number[] = [];
        const cached: number[] = [];
        let largest = 0;
        const timed = async (path: string, into: number[]) => {
          const started = performance.now();
          const response = await worker.fetch(path);
          const body = await response.text();
          into.push(performance.now() - started);
          if (response.status !== 200)
            throw new Error(`${path}: HTTP ${response.status}: ${body.slice(0, 200)}`);
          largest = Math.max(largest, new TextEncoder().encode(body).length);
          return response.headers.get('X-Site-Cache');
        };
        for (let i = 0; i < SAMPLES; i++) {
          const path = paths[i % paths.length] as string;
          await timed(`${path}${path.includes('?') ? '&' : '?'}bench=${++n}`, uncached);
        }
        for (const path of paths) {
          await timed(path, []);
          await new Promise((resolve) => setTimeout(resolve, 200)); // the cache write runs after the response
        }
        for (let i = 0; i < CACHED_SAMPLES; i++) {
          const hit = await timed(paths[i % paths.length] as string, cached);
          if (hit !== 'hit')
            throw new Error(`${name}: a repeated request was not served from the cache (${hit})`);
        }
        uncached.sort((x, y) => x - y);
        cached.sort((x, y) => x - y);
        const [u99, c99] = [percentile(uncached, 99), percentile(cached, 99)];
        console.log(
          `${name.padEnd(10)} ${fmt(percentile(uncached, 50)).padStart(13)} ${fmt(u99)}   ${fmt(percentile(cached, 50)).padStart(11)} ${fmt(c99)}   ${(largest / 1000).toFixed(1)} KB`,
        );
        if (u99 >= UNCACHED_TARGET_MS) failures.push(`${name}: uncached p99 ${u99.toFixed(1)} ms`);
        if (c99 >= CACHED_TARGET_MS) failures.push(`${name}: cached p99 ${c99.toFixed(1)} ms`);
        if (largest >= SIZE_TARGET) failures.push(`${name}: ${largest} bytes`);
      }
    } finally {
      await worker.stop();
    }
    console.log(
      `\ntargets: uncached p99 < ${UNCACHED_TARGET_MS} ms, cached p99 < ${CACHED_TARGET_MS} ms, page < ${SIZE_TARGET / 1000} KB`,
    );
    console.log(failures.length === 0 ? 'all targets met' : `MISSED:\n  ${failures.join('\n  ')}`);
  } finally {
    await node.close();
    await postgres.stop();
  }
}
