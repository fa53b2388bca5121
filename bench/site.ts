// `npm run bench site`: how fast the website answers, through the real Worker (wrangler's bundle in workerd,
// in a process of its own: bench/site-server.ts) talking to PostgreSQL through Neon's driver and the
// WebSocket bridge, over the generated 20,000-round database of bench/commands.ts, timed by a client in a
// process of its own (bench/site-client.ts). Uncached: each request has a query string of its own, so neither the
// Workers cache nor an ETag can answer it and the page is drawn. Cached: the same URL again once the
// Workers cache holds it. Also the largest page of each type (HTML + CSS, before compression).
import { sql } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { stopProcessGroup } from '../scripts/lib/processes.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { buildDatabase } from './commands.ts';

/** Runs a script of bench/ under tsx in a process of its own: its output piped here, its errors shown. */
const runScript = (script: string, args: string[], detached = false) =>
  spawn(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname, ...args], {
    detached,
    stdio: ['ignore', 'pipe', 'inherit'],
  });

/**
 * The Worker and the bridge in a process group of their own (bench/site-server.ts), so the timings are
 * a client's alone; `base` is the Worker's URL, `stop` ends the group (workerd included).
 */
async function startSiteServer(url: string, port: number) {
  const child = runScript('./site-server.ts', [url, String(port)], true);
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the site server exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) resolve(line.slice('ready '.length));
    });
  });
  return { base, stop: () => stopProcessGroup(child.pid as number) };
}

/**
 * Runs the timing client (bench/site-client.ts) in a process of its own against the Worker at `base`;
 * passes its table through and returns the targets it found missed.
 */
async function timePages(base: string, pages: [string, string[]][]): Promise<string[]> {
  const child = runScript('./site-client.ts', [base, JSON.stringify(pages)]);
  let result: string[] | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('result ')) result = JSON.parse(line.slice('result '.length)) as string[];
    else console.log(line);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0 || !result) throw new Error(`the site timing client exited with ${code}`);
  return result;
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
    let failures: string[];
    try {
      failures = await timePages(worker.base, pages);
    } finally {
      await worker.stop();
    }
    console.log(failures.length === 0 ? 'all targets met' : `MISSED:\n  ${failures.join('\n  ')}`);
  } finally {
    await node.close();
    await postgres.stop();
  }
}
