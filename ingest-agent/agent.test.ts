import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companionFiles, statsFiles } from '../schema/index.ts';
import { CORPUS_DIR, corpusFiles } from '../test/support/corpus.ts';
import { REALDATA_DIR } from '../test/support/realdata.ts';
import { testConfig } from '../test/support/node-app.ts';
import { createBaseApp } from '../worker/app.ts';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { addServer } from '../worker/ingest/registry.ts';
import { DEFAULT_COMMUNITY_ID } from '../worker/queries/communities.ts';
import { apiRoutes } from '../worker/routes/api.ts';
import { ingestRoutes } from '../worker/routes/ingest.ts';
import { type AgentDeps, agentStatus, backfill, runAgent } from './agent.ts';
import { statusExitCode } from './commands.ts';
import { type AgentConfig, CONFIG_DEFAULTS } from './config.ts';
import { jsonLineLogger } from './log.ts';

let handle: DatabaseHandle;
let scratch: string;
let app: ReturnType<typeof createBaseApp>;
const FILES = corpusFiles()
  .slice(0, 16)
  .map((f) => f.name); // eight maps; the whole corpus runs end to end
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'etstats-agent-'));
  handle = await openPglite();
  app = createBaseApp({
    config: testConfig(),
    openDatabase: () => ({ db: handle.db, close: async () => {} }),
    now: () => new Date(),
    fetch,
  });
  app.route('/api', apiRoutes);
  app.route('/', ingestRoutes());
});
afterAll(async () => {
  await handle.close();
  await rm(scratch, { recursive: true, force: true });
});

/** The Worker's route in this process, reached through `fetch`'s signature. */
const toWorker: typeof fetch = (input, init) => Promise.resolve(app.request(String(input), init));

async function world(name: string, options: { register?: boolean } = {}) {
  const root = await mkdtemp(join(scratch, 'world-'));
  const keys = await generateKeyPair();
  const server =
    options.register === false
      ? undefined
      : await addServer(handle.db, {
          communityId: DEFAULT_COMMUNITY_ID,
          name,
          publicKey: keys.publicKey,
        });
  const config: AgentConfig = {
    ...CONFIG_DEFAULTS,
    url: 'http://worker.test/ingest',
    gamestatsDir: join(root, 'gamestats'),
    spoolDir: join(root, 'spool'),
    since: new Date(Date.now() - 60_000).toISOString(),
    keys: [keys],
    settleMs: 100,
    unreadableGraceMs: 300,
    timeoutMs: 300,
    backoff: { baseMs: 20, capMs: 200 },
  };
  await mkdir(config.gamestatsDir, { recursive: true });
  const logs: Record<string, unknown>[] = [];
  const deps = (fetchImpl: typeof fetch): AgentDeps => ({
    config,
    fetch: fetchImpl,
    log: jsonLineLogger((line) => void logs.push(JSON.parse(line))),
    now: () => new Date(),
    random: Math.random,
  });
  const stored = async () => {
    const id = server?.ok ? server.value.id : -1;
    return handle.db
      .select({ fileName: statsFiles.fileName, status: statsFiles.status })
      .from(statsFiles)
      .where(eq(statsFiles.serverId, id));
  };
  return { root, config, keys, deps, logs, stored };
}

function running(deps: AgentDeps) {
  const controller = new AbortController();
  const done = runAgent(deps, controller.signal);
  return {
    stop: () => {
      controller.abort();
      return done;
    },
  };
}

async function until(condition: () => Promise<boolean> | boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(25);
  }
}

const copyIn = (dir: string, names: readonly string[]) =>
  Promise.all(names.map((n) => copyFile(join(CORPUS_DIR, n), join(dir, n))));

async function snapshot(dir: string) {
  const names = (await readdir(dir)).sort();
  const dirStat = await stat(dir);
  const files = await Promise.all(
    names.map(async (n) => {
      const s = await stat(join(dir, n));
      return {
        n,
        size: s.size,
        mtimeMs: s.mtimeMs,
        mode: s.mode,
        ino: s.ino,
        bytes: (await readFile(join(dir, n))).toString('base64'),
      };
    }),
  );
  return { dirMtime: dirStat.mtimeMs, files };
}

describe('the agent against the ingest route', () => {
  it('delivers each file exactly once through network errors, 500s, 503s and timeouts, and never touches the game files', async () => {
    const w = await world('faults');
    let calls = 0;
    // Every few requests fail one way or another; a timed-out request may still have been imported.
    const faulty: typeof fetch = async (input, init) => {
      calls++;
      if (calls % 5 === 1)
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      if (calls % 5 === 2) return new Response('{"error":"internal error"}', { status: 500 });
      if (calls % 5 === 3)
        return new Response('{"error":"database unavailable"}', {
          status: 503,
          headers: { 'retry-after': '0' },
        });
      if (calls % 7 === 0) {
        await toWorker(input, init); // the Worker imports it, but the answer never arrives in time
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      }
      return toWorker(input, init);
    };
    await copyIn(w.config.gamestatsDir, FILES.slice(0, 8));
    const before = await snapshot(w.config.gamestatsDir);
    const agent = running(w.deps(faulty));
    await sleep(150);
    await copyIn(w.config.gamestatsDir, FILES.slice(8));
    await until(async () => (await agentStatus(w.config)).delivered >= FILES.length);
    await agent.stop();

    const stored = await w.stored();
    expect(stored.map((s) => s.fileName).sort()).toEqual([...FILES].sort());
    expect(w.logs.filter((l) => l.event === 'upload.retry').length).toBeGreaterThan(5);
    expect(w.logs.some((l) => l.event === 'upload.delivered' && l.status === 'duplicate')).toBe(
      true,
    );
    const after = await snapshot(w.config.gamestatsDir);
    expect(after.files.filter((f) => FILES.slice(0, 8).includes(f.n))).toEqual(before.files);
    expect((await readdir(w.config.gamestatsDir)).sort()).toEqual([...FILES].sort());
  });

  it('picks up files written while it was stopped, and resumes what a killed run left in the spool', async () => {
    const w = await world('restart');
    let first = running(w.deps(toWorker));
    await copyIn(w.config.gamestatsDir, FILES.slice(0, 4));
    await until(async () => (await agentStatus(w.config)).delivered === 4);
    await first.stop();

    await copyIn(w.config.gamestatsDir, FILES.slice(4, 8)); // while stopped
    // A run whose uploads all hang: it queues the files, then is stopped before any answer comes.
    first = running(
      w.deps(
        (_input, init) =>
          new Promise((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
          ),
      ),
    );
    await until(async () => (await agentStatus(w.config)).pending.length === 4);
    await first.stop();
    expect((await w.stored()).length).toBe(4);

    await copyIn(w.config.gamestatsDir, FILES.slice(8, 10)); // and more while stopped again
    const second = running(w.deps(toWorker));
    await until(async () => (await agentStatus(w.config)).delivered === 10);
    await second.stop();
    expect((await w.stored()).map((s) => s.fileName).sort()).toEqual(FILES.slice(0, 10));
  });

  it('keeps retrying while its key is not registered, and delivers once it is', async () => {
    const w = await world('late registration', { register: false });
    const agent = running(w.deps(toWorker));
    await copyIn(w.config.gamestatsDir, FILES.slice(0, 2));
    await until(() => w.logs.filter((l) => l.event === 'upload.retry').length >= 4);
    expect(w.logs.find((l) => l.event === 'upload.retry')?.reason).toMatch(
      /HTTP 401: key .* is not registered/,
    );
    const registered = await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'late registration',
      publicKey: w.keys.publicKey,
    });
    await until(async () => (await agentStatus(w.config)).delivered === 2);
    await agent.stop();
    const rows = await handle.db
      .select()
      .from(statsFiles)
      .where(eq(statsFiles.serverId, registered.ok ? registered.value.id : -1));
    expect(rows).toHaveLength(2);
  });

  it('records a file the Worker refuses for good (too large) as failed, and does not retry it', async () => {
    const w = await world('refusals');
    const agent = running(w.deps(toWorker));
    await writeFile(
      join(w.config.gamestatsDir, '2025-10-02-120000-huge-round-1.txt'),
      Buffer.alloc(1024 * 1024 + 10, 65),
    );
    await copyIn(w.config.gamestatsDir, ['2025-12-17-130500-empty-round-1.txt']);
    await until(async () => {
      const s = await agentStatus(w.config);
      return s.failed.length === 1 && s.delivered === 1;
    });
    await sleep(300);
    await agent.stop();
    const status = await agentStatus(w.config);
    expect(status.failed).toMatchObject([
      { file: '2025-10-02-120000-huge-round-1.txt', reason: expect.stringMatching(/^HTTP 413/) },
    ]);
    expect(status.pending).toEqual([]);
    // Kept in quarantine: a failure to report, not a success.
    expect(status.quarantined).toMatchObject([
      { file: '2025-12-17-130500-empty-round-1.txt', reason: expect.stringMatching(/^line 1: /) },
    ]);
    expect(status.lastSuccess).toBeNull();
    expect(w.logs.filter((l) => l.event === 'upload.refused')).toHaveLength(1);
  });

  it('ignores files older than its start date in `run`, and `backfill --since` sends them', async () => {
    const w = await world('backfill');
    await copyIn(w.config.gamestatsDir, FILES.slice(0, 6));
    const old = new Date(Date.parse(w.config.since) - 86_400_000);
    for (const name of FILES.slice(0, 6)) await utimes(join(w.config.gamestatsDir, name), old, old);
    const agent = running(w.deps(toWorker));
    await sleep(400);
    await agent.stop();
    expect(await w.stored()).toEqual([]);

    const since = FILES[2]?.slice(0, 10) as string; // file names start with their date
    const expected = FILES.slice(0, 6).filter((n) => n.slice(0, 10) >= since);
    const result = await backfill(w.deps(toWorker), {
      since,
      signal: new AbortController().signal,
    });
    expect(result).toEqual({ queued: expected.length, sentBy: 'this process' });
    expect((await w.stored()).map((s) => s.fileName).sort()).toEqual(expected);
    expect(
      (await backfill(w.deps(toWorker), { signal: new AbortController().signal })).queued,
    ).toBe(6 - expected.length);
    expect((await w.stored()).length).toBe(6);
  });

  it('sends rounds and their endstats companion in any order, never a _ws.txt, and nothing ends in quarantine', async () => {
    const w = await world('companions');
    const dir = w.config.gamestatsDir;
    // Real rounds, and the real companion under the name of one of them (its own round is not in the set).
    const r1 = '2025-10-14-221625-te_escape2-round-1.txt';
    const r2 = '2025-10-14-221952-te_escape2-round-2.txt';
    const companion = r2.replace('.txt', '-endstats.txt');
    const ws = r2.replace('.txt', '_ws.txt');
    const agent = running(w.deps(toWorker));
    // endstats.lua may be read before its round (a backfill meets them in any order): companion first.
    await copyFile(
      join(REALDATA_DIR, 'companions', '2026-01-12-224606-te_escape2-round-2-endstats.txt'),
      join(dir, companion),
    );
    await writeFile(join(dir, ws), 'WS_NAME\t1\t2\t3\t4\t5\t\n');
    await writeFile(join(dir, 'server.log'), 'not stats\n');
    await until(async () => (await agentStatus(w.config)).delivered === 1);
    for (const name of [r1, r2]) await copyFile(join(REALDATA_DIR, 'stats', name), join(dir, name));
    await until(async () => (await agentStatus(w.config)).delivered === 3);
    await sleep(300); // time for anything else to be (wrongly) sent
    await agent.stop();

    expect((await w.stored()).sort((a, b) => a.fileName.localeCompare(b.fileName))).toEqual([
      { fileName: r1, status: 'imported' },
      { fileName: r2, status: 'imported' },
    ]);
    const companions = await handle.db
      .select({ fileName: companionFiles.fileName, round: companionFiles.roundFileName })
      .from(companionFiles)
      .where(eq(companionFiles.fileName, companion));
    expect(companions).toEqual([{ fileName: companion, round: r2 }]);
    const view = await app.request(`/api/rounds?file=${r2}&server=companions`);
    expect(view.status).toBe(200);
    const { awards } = (await view.json()) as { awards: { award: string }[] | null };
    expect(awards).toHaveLength(23);
    expect(awards?.[0]).toMatchObject({ award: 'Most damage given', player: 'vid', value: 3214 });

    const status = await agentStatus(w.config);
    expect(status).toMatchObject({ pending: [], failed: [], quarantined: [], conflicts: [] });
    expect(statusExitCode(status)).toBe(0);
    const answers = Object.fromEntries(
      w.logs.filter((l) => l.event === 'upload.delivered').map((l) => [l.file, l.status]),
    );
    expect(answers).toEqual({ [companion]: 'companion', [r1]: 'imported', [r2]: 'imported' });
    expect(w.logs.filter((l) => l.file === ws)).toMatchObject([
      { level: 'debug', event: 'file.skipped' },
    ]);
    expect(w.logs.filter((l) => l.file === 'server.log')).toMatchObject([
      { level: 'debug', event: 'file.skipped' },
    ]);
  });

  it('refuses to run twice on one spool', async () => {
    const w = await world('twice');
    const agent = running(w.deps(toWorker));
    await sleep(100);
    const second = await runAgent(w.deps(toWorker), AbortSignal.abort());
    expect(second).toEqual({
      ok: false,
      reason: expect.stringMatching(/another agent \(pid \d+\) already runs/),
    });
    expect(await agent.stop()).toEqual({ ok: true });
  });
});
