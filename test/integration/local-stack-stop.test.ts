// `npm start` itself, as a user runs it (npm → sh → tsx → node → wrangler dev → workerd), stopped every way
// it can be: SIGTERM, SIGINT twice, SIGHUP, three signals, to its whole process group, under load or while
// it starts, its node process SIGKILLed, and the leftovers of a run whose guard was killed too. After each,
// no process of the run is left and its port is free. And under this real wrangler dev, a chunked upload
// over /ingest's limit (413) does not break the next signed upload. Last, the workerd the tests run under
// Miniflare (test/support/workerd.ts, which local-stack.ts uses) dies with its test process.
// The project is copied to a temporary folder (node_modules linked) so the runs have a .data of their own
// and every process of a run can be told by its working directory or command line.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { generateKeyPair, importSigningKey } from '../../ingest-protocol/keys.ts';
import { MAX_BODY_BYTES } from '../../ingest-protocol/protocol.ts';
import { signFileUpload } from '../../ingest-protocol/sign.ts';
import { freePort, portIsFree } from '../../scripts/lib/free-port.ts';
import { openServedPglite } from '../../scripts/lib/open-database.ts';
import { addServer } from '../../worker/ingest/registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const SKIP = new Set([
  'node_modules',
  '.data',
  '.wrangler',
  '.git',
  'dist',
  'coverage',
  '.scratch',
]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let project: string;
let corpus: string;

beforeAll(async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'etstats-stop-'));
  project = join(scratch, 'etstats');
  await cp(ROOT, project, {
    recursive: true,
    filter: (source) => !SKIP.has(source.slice(ROOT.length + 1).split('/')[0] ?? ''),
  });
  await symlink(await realpath(join(ROOT, 'node_modules')), join(project, 'node_modules'));
  // A small sample for the first start to import (ETSTATS_CORPUS_DIR), so starts stay quick.
  corpus = join(scratch, 'corpus');
  await mkdir(join(corpus, 'stats'), { recursive: true });
  for (const file of generateCorpus({ seed: 3, evenings: 1, players: 6 }).files.slice(0, 6))
    await writeFile(join(corpus, 'stats', file.name), file.bytes);
});

afterAll(async () => {
  if (project) await rm(join(project, '..'), { recursive: true, force: true });
});

interface Run {
  readonly npm: ChildProcess;
  /** Process group of `npm start` (spawned detached, as a terminal runs a job). */
  readonly pgid: number;
  readonly port: number;
  readonly output: () => string;
  readonly exited: Promise<void>;
}

const runs: Run[] = [];

afterEach(async () => {
  // Whatever a failed test left: this run's processes must not disturb the next test.
  for (const run of runs.splice(0)) {
    for (const process of runProcesses()) kill(process.pid, 'SIGKILL');
    kill(-run.pgid, 'SIGKILL');
  }
  for (let tries = 0; runProcesses().length > 0 && tries < 100; tries++) await sleep(100);
});

function kill(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // gone
  }
}

/** Every live process of the copied project: started there (cwd) or running its files. */
function runProcesses(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === project || cwd.startsWith(`${project}/`) || command.includes(project))
        // The whole command line: under a long checkout path the script's name comes after 160 characters.
        found.push({ pid: Number(entry), command });
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}

async function startRun(options: { waitUntilReady?: boolean } = {}): Promise<Run> {
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: project,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      ETSTATS_CORPUS_DIR: corpus,
      NO_COLOR: '1',
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    },
  });
  if (!npm.pid) throw new Error('npm start did not start');
  let log = '';
  npm.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  npm.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  const run: Run = { npm, pgid: npm.pid, port, output: () => log, exited };
  runs.push(run);
  if (options.waitUntilReady ?? true) await waitFor(run, () => log.includes('etstats is running'));
  return run;
}

async function waitFor(run: Run, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until)
      throw new Error(`timed out; npm start said:\n${run.output().slice(-3000)}`);
    await sleep(50);
  }
}

/** Requests to the Worker, a few at a time, until stopped: a stack under load. */
function load(port: number): { stop: () => Promise<number> } {
  let going = true;
  let answered = 0;
  const worker = async () => {
    while (going) {
      for (const path of ['/api/sessions', '/api/players', '/health']) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}${path}`, {
            signal: AbortSignal.timeout(3000),
          });
          await response.arrayBuffer();
          answered += 1;
        } catch {
          await sleep(20); // the stack is going away
        }
      }
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  return {
    stop: async () => {
      going = false;
      await Promise.all(workers);
      return answered;
    },
  };
}

/**
 * The run stops within `withinMs`: npm exits, no process of the project is left, the port is free.
 * `seen` is what ran before (wrangler and workerd must have been among them).
 */
async function expectStopped(run: Run, seen: { command: string }[], withinMs = 15_000) {
  expect(seen.some((p) => p.command.includes('wrangler.js dev'))).toBe(true);
  expect(seen.some((p) => /workerd serve/.test(p.command))).toBe(true);
  const began = Date.now();
  while (runProcesses().length > 0 && Date.now() - began < withinMs) await sleep(100);
  expect(runProcesses(), run.output().slice(-2000)).toEqual([]);
  await Promise.race([run.exited, sleep(2000)]);
  expect(run.npm.exitCode !== null || run.npm.signalCode !== null).toBe(true);
  expect(await portIsFree(run.port)).toBe(true);
}

/** The node process running scripts/start.ts (npm → sh → tsx → node: the innermost of that name). */
function startScriptPid(script = 'scripts/start.ts'): number {
  const starts = runProcesses().filter((p) => p.command.includes(script));
  const parentOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  };
  const inner = starts.filter((p) => !starts.some((q) => parentOf(q.pid) === p.pid));
  if (inner.length !== 1) throw new Error(`no single ${script} process: ${JSON.stringify(starts)}`);
  return (inner[0] as { pid: number }).pid;
}

function stackRecord(): { pid: number; wranglerGroup?: number } | undefined {
  const file = join(project, '.data', 'stack.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** POST /ingest with Transfer-Encoding: chunked and no Content-Length, `size` bytes in 64 KiB chunks. */
function chunkedUpload(port: number, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/ingest',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('npm start stops cleanly', () => {
  it('answers a signed upload normally after a chunked upload got 413, then stops on SIGTERM to its group under load', async () => {
    const run = await startRun();
    const { pgUrl } = JSON.parse(await readFile(join(project, '.data', 'local-db.json'), 'utf8'));
    const handle = openServedPglite(pgUrl);
    const pair = await generateKeyPair();
    try {
      const added = await addServer(handle.db, {
        communityId: 1,
        name: 'stop test',
        publicKey: pair.publicKey,
      });
      if (!added.ok) throw new Error(added.reason);
    } finally {
      await handle.close();
    }
    const key = await importSigningKey(pair);
    const files = generateCorpus({ seed: 11, evenings: 1, players: 6 }).files;
    for (const file of files.slice(0, 3)) {
      expect(await chunkedUpload(run.port, MAX_BODY_BYTES + 1024 * 1024)).toBe(413);
      const signed = await signFileUpload({
        fileName: file.name,
        bytes: file.bytes,
        parsed: null,
        keys: [key],
        now: new Date(),
      });
      const response = await fetch(`http://127.0.0.1:${run.port}/ingest`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      expect(response.status, await response.text()).toBe(201);
    }

    const traffic = load(run.port);
    await sleep(1500);
    const seen = runProcesses();
    kill(-run.pgid, 'SIGTERM');
    await expectStopped(run, seen);
    expect(await traffic.stop()).toBeGreaterThan(10);
    expect(run.output()).toContain('Stopped.');
    expect(stackRecord()).toBeUndefined();
  });

  it('stops on SIGINT twice in quick succession (Ctrl+C, Ctrl+C) under load, without being forced', async () => {
    const run = await startRun();
    const traffic = load(run.port);
    await sleep(1000);
    const seen = runProcesses();
    kill(-run.pgid, 'SIGINT');
    await sleep(30); // inside wrangler's own shutdown: the old handler was gone by then
    kill(-run.pgid, 'SIGINT');
    await expectStopped(run, seen);
    await traffic.stop();
    expect(run.output()).toContain('Stopped.');
    expect(run.output()).not.toContain('forced');
  });

  it('stops on SIGHUP (the terminal closed)', async () => {
    const run = await startRun();
    const traffic = load(run.port);
    await sleep(1000);
    const seen = runProcesses();
    kill(-run.pgid, 'SIGHUP');
    await expectStopped(run, seen);
    await traffic.stop();
  });

  it('stops on three signals (the third forces) with nothing left behind', async () => {
    const run = await startRun();
    const traffic = load(run.port);
    await sleep(1000);
    const seen = runProcesses();
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGTERM'] as const) {
      kill(-run.pgid, signal);
      await sleep(400);
    }
    await expectStopped(run, seen);
    await traffic.stop();
  });

  it('stops on SIGTERM while it is still starting wrangler dev', async () => {
    const run = await startRun({ waitUntilReady: false });
    let seen: { command: string }[] = [];
    await waitFor(run, () => {
      seen = runProcesses();
      return seen.some((p) => /workerd serve/.test(p.command));
    });
    expect(run.output()).not.toContain('etstats is running');
    kill(-run.pgid, 'SIGTERM');
    await expectStopped(run, seen);
  });

  it("stops wrangler dev and workerd when npm start's node process is SIGKILLed", async () => {
    const run = await startRun();
    const seen = runProcesses();
    kill(startScriptPid(), 'SIGKILL');
    await expectStopped(run, seen);
  });

  it('the next start stops what a run killed together with its guard left, and says so', async () => {
    const crashed = await startRun();
    const seen = runProcesses();
    const record = stackRecord();
    expect(record?.pid).toBe(startScriptPid());
    kill(record?.wranglerGroup as number, 'SIGKILL'); // the guard
    kill(startScriptPid(), 'SIGKILL');
    await sleep(1000);
    const left = runProcesses();
    expect(left.some((p) => /workerd serve/.test(p.command))).toBe(true);

    const next = await startRun();
    expect(next.output()).toContain(
      `Stopped what an earlier npm start (process ${record?.pid}) left running on port ${crashed.port}:`,
    );
    for (const process of left) expect(runProcesses().map((p) => p.pid)).not.toContain(process.pid);
    const seenNext = runProcesses();
    kill(-next.pgid, 'SIGTERM');
    await expectStopped(next, seenNext);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('refuses a second npm start in the same checkout, naming the running one', async () => {
    const first = await startRun();
    const second = await startRun({ waitUntilReady: false });
    await second.exited;
    const pid = stackRecord()?.pid;
    expect(second.output()).toContain(
      `npm start is already running in this checkout (process ${pid}, its Worker on port ${first.port})`,
    );
    expect(second.npm.exitCode).toBe(1);
    const seen = runProcesses();
    kill(-first.pgid, 'SIGTERM');
    await expectStopped(first, seen);
  });
});

describe("the tests' workerd (test/support/workerd.ts, under Miniflare)", () => {
  for (const signal of ['SIGKILL', 'SIGHUP'] as const) {
    it(`is stopped when the test process dies of ${signal}`, async () => {
      const script = join(project, 'workerd-child.ts');
      await writeFile(
        script,
        `import { startWorker } from './test/support/workerd.ts';
         const worker = await startWorker({
           bindings: { DISCORD_PUBLIC_KEY: '${'a'.repeat(64)}', DISCORD_APPLICATION_ID: '1' },
         });
         console.log('READY', worker.url);
         setInterval(() => {}, 1000);
        `,
      );
      const child = spawn(join(project, 'node_modules', '.bin', 'tsx'), ['workerd-child.ts'], {
        cwd: project,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const run: Run = {
        npm: child,
        pgid: child.pid as number,
        port: 0,
        output: () => log,
        exited,
      };
      runs.push(run);
      await waitFor(run, () => log.includes('READY'));
      const seen = runProcesses();
      expect(seen.some((p) => /workerd serve/.test(p.command))).toBe(true);
      kill(startScriptPid('workerd-child.ts'), signal); // the test process alone, not its group
      const began = Date.now();
      while (runProcesses().length > 0 && Date.now() - began < 10_000) await sleep(100);
      expect(runProcesses(), log).toEqual([]);
    });
  }
});
