// Node only: the embedded Postgres of the local run. PGlite keeps its data in a git-ignored folder, is served
// over the Postgres protocol on loopback (for `pg`: `npm run import` while `npm start` runs), and the
// WebSocket bridge in front of it lets the Worker under `wrangler dev` reach it through Neon's driver.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import type { Database } from '../../worker/db/database.ts';
import { openPglite } from '../../worker/db/pglite.ts';
import { servePglite } from './pglite-server.ts';
import { startWsBridge } from './ws-bridge.ts';

export interface LocalPostgres {
  /** drizzle over the in-process PGlite; it queues fairly with the socket's clients. */
  readonly db: Database;
  /** `postgres://` URL of the served database, for `pg` in other processes. */
  readonly pgUrl: string;
  /** `host:port` of the WebSocket bridge: the Worker's DATABASE_WS_PROXY. */
  readonly wsProxy: string;
  close(): Promise<void>;
}

export interface RunningLocalPostgres {
  readonly pid: number;
  readonly pgUrl: string;
  readonly wsProxy: string;
}

/** The state file sits next to the data folder: `.data/pglite` → `.data/local-db.json`. */
export function localStateFile(dir: string): string {
  return join(dir, 'local-db.json');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(pgUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(pgUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The local database another process (`npm start`) is serving from `dir` (the folder holding
 * `local-db.json`, normally `.data`), or undefined when none is running there.
 */
export async function findRunningLocalPostgres(
  dir: string,
): Promise<RunningLocalPostgres | undefined> {
  let state: RunningLocalPostgres;
  try {
    state = JSON.parse(await readFile(localStateFile(dir), 'utf8')) as RunningLocalPostgres;
  } catch {
    return undefined;
  }
  if (typeof state.pid !== 'number' || typeof state.pgUrl !== 'string' || !isAlive(state.pid))
    return undefined;
  // A recycled pid is not our server: it must also still answer on its port.
  return (await accepts(state.pgUrl)) ? state : undefined;
}

/**
 * Opens PGlite in `dataDir` (created when missing), applies the migrations, serves it on loopback and starts
 * the bridge. Only one process may own a data folder: a second start fails naming the running one.
 */
export async function startLocalPostgres(options: {
  dataDir: string;
  port?: number;
}): Promise<LocalPostgres> {
  const stateDir = dirname(options.dataDir);
  const running = await findRunningLocalPostgres(stateDir);
  if (running) {
    throw new Error(
      `The local database in ${options.dataDir} is already served by process ${running.pid} (${running.pgUrl}); ` +
        'stop that `npm start` first, or connect to it instead.',
    );
  }
  await mkdir(options.dataDir, { recursive: true });
  const handle = await openPglite(options.dataDir);
  const server = await servePglite(
    handle.client,
    options.port === undefined ? {} : { port: options.port },
  );
  const bridge = await startWsBridge({ target: { host: '127.0.0.1', port: server.port } });
  const state: RunningLocalPostgres = { pid: process.pid, pgUrl: server.url, wsProxy: bridge.url };
  await writeFile(localStateFile(stateDir), `${JSON.stringify(state, null, 2)}\n`);
  let closing: Promise<void> | undefined;
  return {
    db: handle.db,
    pgUrl: server.url,
    wsProxy: bridge.url,
    close: () => {
      closing ??= (async () => {
        await rm(localStateFile(stateDir), { force: true });
        await bridge.close();
        await server.close();
        await handle.close();
      })();
      return closing;
    },
  };
}
