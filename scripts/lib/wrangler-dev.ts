// Node only: `wrangler dev` (local mode, the repo's wrangler.toml) as a child the caller can stop for good.
// wrangler starts workerd processes of its own and does not always take them down when it is killed, so it
// runs in a process group of its own, led by group-guard.mjs (setsid, via `detached`), and stop() ends
// the whole group. The guard also ends the group when the process that started it dies without stopping
// it (SIGKILL, a crash): nothing of the group outlives its parent.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { processGroupMembers, stopProcessGroup } from './processes.ts';

export { processGroupMembers };

export interface WranglerDev {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Process group (and session) id of the guard, wrangler and everything wrangler started. */
  readonly pgid: number;
  /** Ends the group: SIGTERM, then SIGKILL after 5 s; resolves once no process of it is left. */
  stop(): Promise<void>;
}

export interface WranglerDevOptions {
  /** Loopback port for the Worker; a free one when omitted. */
  port?: number;
  /** Worker variables (override wrangler.toml's [vars] and .dev.vars), passed as `--var NAME:VALUE`. */
  vars: Record<string, string>;
  /** 'inherit' shows wrangler's output (npm start); 'pipe' keeps it for error messages (tests). */
  output?: 'inherit' | 'pipe';
  readyTimeoutMs?: number;
  /** Aborting it while wrangler starts stops the group and rejects (a signal during `npm start`). */
  signal?: AbortSignal;
  /** Called with the group id as soon as wrangler is spawned, before it is ready. */
  onSpawn?: (pgid: number) => void;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const GUARD = fileURLToPath(new URL('./group-guard.mjs', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const what = `wrangler dev (process group ${child.pid})`;
  const until = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < until) {
    if (signal?.aborted) throw new Error(`${what} was stopped before it was ready.`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited (${child.exitCode ?? child.signalCode}) before it was ready.\n${output()}`,
      );
    }
    try {
      const timeout = AbortSignal.timeout(5000);
      const response = await fetch(`${url}/health`, {
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      if (response.ok) return;
      last = `/health answered ${response.status}: ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s (${last}).\n${output()}`);
}

/** Runs `wrangler dev --local` on 127.0.0.1 and resolves once GET /health answers 200. */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const port = options.port ?? (await freePort());
  const inspectorPort = await freePort();
  const args = [
    WRANGLER,
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
    // wrangler dev fires no cron: GET /__scheduled?cron=… runs the scheduled handler (voice presence, by hand).
    '--test-scheduled',
    ...Object.entries(options.vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child = spawn(process.execPath, [GUARD, process.execPath, ...args], {
    cwd: ROOT,
    detached: true, // setsid(): the guard, wrangler and its workerd children get a group of their own
    // The guard's stdin is the lifeline: it closes when this process exits, however it exits.
    stdio: ['pipe', options.output ?? 'pipe', options.output ?? 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
    },
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.stdin?.on('error', () => {}); // the guard is gone: nothing to tell it
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('wrangler dev could not be started (no process id).');
  options.onSpawn?.(pgid);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopProcessGroup(pgid).catch((error: unknown) => {
      throw new Error(`wrangler dev: ${error instanceof Error ? error.message : error}`);
    });
    return stopping;
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(url, child, options.readyTimeoutMs ?? 60_000, () => log, options.signal);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pgid, stop };
}
