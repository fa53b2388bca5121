// Node only: `wrangler dev` (local mode, the repo's wrangler.toml) as a child the caller can stop for good.
// wrangler starts workerd processes of its own and does not always take them down when it is killed, so it
// runs in a session of its own (setsid, via `detached`) and stop() ends the whole process group.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

export interface WranglerDev {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Process group (and session) id of wrangler and everything it started. */
  readonly pgid: number;
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
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** Live (non-zombie) processes in process group `pgid`, from /proc. */
export function processGroupMembers(pgid: number): { pid: number; name: string }[] {
  const members: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...; comm may itself contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z')
      members.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return members;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForEmptyGroup(pgid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (processGroupMembers(pgid).length > 0) {
    if (Date.now() > until) return false;
    await sleep(50);
  }
  return true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const what = `wrangler dev (process group ${child.pid})`;
  const until = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited (${child.exitCode ?? child.signalCode}) before it was ready.\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
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
    ...Object.entries(options.vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true, // setsid(): wrangler and its workerd children get a process group of their own
    stdio: ['ignore', options.output ?? 'pipe', options.output ?? 'pipe'],
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
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('wrangler dev could not be started (no process id).');

  const stop = async () => {
    signalGroup(pgid, 'SIGTERM');
    if (!(await waitForEmptyGroup(pgid, 5000))) {
      signalGroup(pgid, 'SIGKILL');
      if (!(await waitForEmptyGroup(pgid, 5000))) {
        const left = processGroupMembers(pgid).map((p) => `${p.pid} ${p.name}`);
        throw new Error(`wrangler dev left processes behind after SIGKILL: ${left.join(', ')}`);
      }
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(url, child, options.readyTimeoutMs ?? 60_000, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pgid, stop };
}
