// Signed ingest end to end: the agent bundle as its own process → a fault-injecting proxy → the Worker in
// workerd → PostgreSQL through Neon's driver and the WebSocket bridge, with real keys. Faults: Worker down,
// 500s, timeouts, database down, agent SIGKILLed mid-upload and restarted, files written while it is stopped.
// Then a game server's folder as it really is: rounds, an endstats companion, _ws.txt files.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent } from '../../ingest-agent/build.ts';
import { type WsBridge, startWsBridge } from '../../scripts/lib/ws-bridge.ts';
import {
  companionFiles,
  gameServers,
  playerRounds,
  rounds,
  statsFiles,
} from '../../schema/index.ts';
import { sha256Hex } from '../../stats/file-id.ts';
import { generateCorpus } from '../../generator/index.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { DatabaseHandle } from '../../worker/db/database.ts';
import { migrate } from '../../worker/db/migrate.ts';
import { openNodePostgres } from '../../worker/db/node-postgres.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { generateKeyPair, importSigningKey } from '../../ingest-protocol/keys.ts';
import {
  HEADER_ID,
  HEADER_KEY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  encodeUtf8,
} from '../../ingest-protocol/protocol.ts';
import { addServer, revokeKeys } from '../../worker/ingest/registry.ts';
import { DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';
import { encodeIngestBody, signFileUpload, signIngestRequest } from '../../ingest-protocol/sign.ts';
import { canonicalDump, withoutIds } from '../support/canonical-dump.ts';
import { CORPUS_DIR, TRUTH_INTEGER_KEYS, corpusFiles, loadTruth } from '../support/corpus.ts';
import { freshDatabase, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { REALDATA_DIR } from '../support/realdata.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SERVER_NAME = 'e2e game server';

let postgres: TestPostgres;
let bridge: WsBridge;
let worker: TestWorker;
let bindings: Record<string, string>;
let handle: DatabaseHandle;
let proxy: FaultProxy;
let bundle: string;
let scratch: string;

beforeAll(async () => {
  postgres = await startPostgres();
  handle = openNodePostgres(postgres.url);
  await migrate(handle.db);
  bridge = await startWsBridge();
  bindings = {
    DATABASE_URL: postgres.url,
    DATABASE_WS_PROXY: bridge.url,
    DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    DISCORD_APPLICATION_ID: '100000000000000001',
  };
  worker = await startWorker({ bindings });
  const probe = await worker.fetch('/ingest', { method: 'POST', body: '{}' });
  if (probe.status === 404)
    throw new Error('the Worker has no POST /ingest: mount ingestRoutes() in worker/create-app.ts');
  proxy = await startFaultProxy(worker.url);
  scratch = await mkdtemp(join(tmpdir(), 'etstats-e2e-'));
  bundle = (await buildAgent(join(scratch, 'etstats-agent.mjs'))).outfile;
});

afterAll(async () => {
  await proxy?.close();
  await worker?.stop();
  await bridge?.close();
  await handle?.close();
  await postgres?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

type ProxyMode = 'pass' | 'error500' | 'hang' | 'answer-lost';

interface FaultProxy {
  readonly url: string;
  mode: ProxyMode;
  target: string;
  /** Requests the Worker answered but whose answer the agent never got. */
  readonly lost: () => number;
  close(): Promise<void>;
}

/** Sits between the agent and the Worker and fails on demand, the way networks and platforms do. */
async function startFaultProxy(target: string): Promise<FaultProxy> {
  const held = new Set<ServerResponse>();
  let lost = 0;
  const state = { mode: 'pass' as ProxyMode, target };
  const server: Server = createServer(async (req, res) => {
    const mode = state.mode;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (mode === 'error500')
      return void res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":"internal error"}');
    if (mode === 'hang') return void held.add(res);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k]) => k.startsWith('webhook-') || k === 'etstats-key' || k === 'content-type',
      ),
    ) as Record<string, string>;
    let upstream: Response;
    try {
      upstream = await fetch(`${state.target}${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
    } catch {
      return void req.socket.destroy(); // the Worker is down: the connection just dies
    }
    const text = await upstream.text();
    if (mode === 'answer-lost') {
      lost++;
      return void held.add(res);
    }
    const retryAfter = upstream.headers.get('retry-after');
    res
      .writeHead(upstream.status, {
        'content-type': 'application/json',
        ...(retryAfter ? { 'retry-after': retryAfter } : {}),
      })
      .end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    get mode() {
      return state.mode;
    },
    set mode(next) {
      state.mode = next;
      for (const res of held) res.destroy();
      held.clear();
    },
    get target() {
      return state.target;
    },
    set target(next) {
      state.target = next;
    },
    lost: () => lost,
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface AgentProcess {
  readonly logs: Record<string, unknown>[];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

function startAgent(configPath: string, logs: Record<string, unknown>[]): AgentProcess {
  const child = spawn(process.execPath, [bundle, 'run', '--config', configPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { logs, child, exited };
}

async function until(what: string, condition: () => Promise<boolean> | boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** `etstats-agent status` as a process: its exit code and output (exit code 1 lists failed files). */
async function agentStatusOf(configPath: string, ...options: string[]) {
  try {
    const done = await run(process.execPath, [
      bundle,
      'status',
      ...options,
      '--config',
      configPath,
    ]);
    return { code: 0, stdout: done.stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    if (typeof failed.code !== 'number' || typeof failed.stdout !== 'string') throw error;
    return { code: failed.code, stdout: failed.stdout };
  }
}

const storedCount = async (serverId: number) =>
  handle.db.$count(statsFiles, eq(statsFiles.serverId, serverId));
const logged = (logs: Record<string, unknown>[], event: string, reason: RegExp) =>
  logs.filter((l) => l.event === event && reason.test(String(l.reason))).length;

describe('signed ingest end to end', () => {
  it('imports every corpus file exactly once through Worker outages, 500s, timeouts, a database outage and a SIGKILLed agent', async () => {
    const files = corpusFiles().map((f) => f.name);
    const root = await mkdtemp(join(scratch, 'game-server-'));
    const gamestats = join(root, 'gamestats');
    await mkdir(gamestats);
    const configPath = join(root, 'agent.json');

    // The admin's path: `etstats-agent init` on the game server, `npm run server -- add` on the etstats side.
    const init = await run(process.execPath, [
      bundle,
      'init',
      '--url',
      proxy.url,
      '--gamestats',
      gamestats,
      '--config',
      configPath,
    ]);
    const publicKey = /Public key: (\S+)/.exec(init.stdout)?.[1] as string;
    const added = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/server.ts',
        'add',
        '--name',
        SERVER_NAME,
        '--public-key',
        publicKey,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: postgres.url },
      },
    );
    expect(added.stdout).toMatch(/registered server "e2e game server"/);
    const [server] = await handle.db
      .select()
      .from(gameServers)
      .where(eq(gameServers.name, SERVER_NAME));
    const serverId = (server as { id: number }).id;
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    await writeFile(
      configPath,
      JSON.stringify({
        ...config,
        settleMs: 200,
        timeoutMs: 1_500,
        backoff: { baseMs: 100, capMs: 1_500 },
      }),
    );

    const copy = (from: number, to: number) =>
      Promise.all(
        files.slice(from, to).map((n) => copyFile(join(CORPUS_DIR, n), join(gamestats, n))),
      );
    const logs: Record<string, unknown>[] = [];
    let agent = startAgent(configPath, logs);

    await copy(0, 30);
    await until('the first files', async () => (await storedCount(serverId)) === 30);

    proxy.mode = 'error500';
    await copy(30, 60);
    await until('retries after 500s', () => logged(logs, 'upload.retry', /^HTTP 500/) >= 3);
    proxy.mode = 'hang';
    await copy(60, 90);
    await until('timeouts', () => logged(logs, 'upload.retry', /no answer within 1500 ms/) >= 2);
    proxy.mode = 'pass';

    await worker.stop(); // the Worker is down for a while
    await copy(90, 120);
    await until(
      'retries while the Worker is down',
      () => logged(logs, 'upload.retry', /^network/) >= 3,
    );
    worker = await startWorker({ bindings });
    proxy.target = worker.url;

    await bridge.close(); // the database is unreachable for a while
    await copy(120, 150);
    await until(
      '503s while the database is down',
      () => logged(logs, 'upload.retry', /^HTTP 503/) >= 3,
    );
    bridge = await startWsBridge({ port: bridge.port });

    // Uploads reach the Worker and are imported, but the answers are lost; the agent dies meanwhile.
    proxy.mode = 'answer-lost';
    await copy(150, 170);
    await until('answers lost in flight', () => proxy.lost() >= 2);
    agent.child.kill('SIGKILL');
    expect(await agent.exited).toBeNull();
    await copy(170, files.length); // written while the agent is not running
    proxy.mode = 'pass';
    agent = startAgent(configPath, logs);

    await until('every file', async () => (await storedCount(serverId)) === files.length, 120_000);
    await until('an empty spool', async () => {
      const status = JSON.parse((await agentStatusOf(configPath, '--json')).stdout);
      return status.pending.length === 0;
    });
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);

    // Exactly once: one row per corpus file, the unreadable ones in quarantine, and the resends were duplicates.
    const stored = await handle.db
      .select({ name: statsFiles.fileName, sha256: statsFiles.sha256, status: statsFiles.status })
      .from(statsFiles)
      .where(eq(statsFiles.serverId, serverId));
    expect(stored.map((s) => s.name).sort()).toEqual(files);
    const truth = loadTruth();
    expect(
      stored
        .filter((s) => s.status === 'quarantined')
        .map((s) => s.name)
        .sort(),
    ).toEqual([...truth.malformed].sort());
    for (const file of corpusFiles())
      expect(stored.find((s) => s.name === file.name)?.sha256).toBe(await sha256Hex(file.bytes));
    expect(
      logs.filter((l) => l.event === 'upload.delivered' && l.status === 'duplicate').length,
    ).toBeGreaterThanOrEqual(2);
    expect(logs.filter((l) => l.event === 'upload.refused')).toEqual([]);
    // status fails for the files the Worker could not read, and names each of them.
    const status = await agentStatusOf(configPath, '--json');
    expect(status.code).toBe(1);
    expect(
      (JSON.parse(status.stdout).quarantined as { file: string }[]).map((q) => q.file).sort(),
    ).toEqual([...truth.malformed].sort());

    // The figures: per player and round as truth.json says, and the same database as a direct import builds.
    const figures = await handle.db
      .select({ file: statsFiles.fileName, player: playerRounds })
      .from(playerRounds)
      .innerJoin(rounds, eq(rounds.id, playerRounds.roundId))
      .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId));
    const byKey = new Map(
      figures.map((f) => [
        `${f.file} ${f.player.guid}`,
        { ...f.player, headshot_hits: f.player.headshotHits } as unknown as Record<string, number>,
      ]),
    );
    let compared = 0;
    for (const round of truth.rounds) {
      for (const [guid, want] of Object.entries(round.players ?? {})) {
        const got = byKey.get(`${round.file} ${guid}`);
        for (const key of TRUTH_INTEGER_KEYS)
          expect(got?.[key], `${round.file} ${guid} ${key}`).toBe(want[key]);
        compared++;
      }
    }
    expect(figures).toHaveLength(compared);

    const reference = await freshDatabase(postgres.url);
    const direct = openNodePostgres(reference.url);
    try {
      await migrate(direct.db);
      const [row] = await direct.db
        .insert(gameServers)
        .values({ communityId: 1, name: SERVER_NAME })
        .returning();
      for (const file of corpusFiles()) {
        await importStatsFile(
          direct.db,
          {
            serverId: (row as { id: number }).id,
            fileName: file.name,
            bytes: file.bytes,
            receivedAt: new Date(),
          },
          { sessionGapMinutes: 60 },
        );
      }
      expect(withoutIds(await canonicalDump(handle.db))).toEqual(
        withoutIds(await canonicalDump(direct.db)),
      );
    } finally {
      await direct.close();
      await reference.drop();
    }
  });

  it('refuses tampered, wrongly signed, revoked, stale, early, replayed and unsigned requests, each with a reason', async () => {
    // Files of another year and server, so nothing here touches the corpus's sessions.
    const [file] = generateCorpus({
      seed: 11,
      evenings: 1,
      players: 10,
      startDate: '2031-01-06',
      malformed: 0,
    }).files;
    const { name, bytes } = file as { name: string; bytes: Uint8Array };
    const pair = await generateKeyPair();
    await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'signing checks',
      publicKey: pair.publicKey,
    });
    const key = await importSigningKey(pair);
    const stranger = await importSigningKey(await generateKeyPair());
    const send = async (request: {
      headers: Record<string, string>;
      body: Uint8Array<ArrayBuffer>;
    }) => {
      const response = await worker.fetch('/ingest', {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      return {
        status: response.status,
        body: (await response.json()) as { error?: string; status?: string },
      };
    };
    const read = readStatsFile(name, bytes);
    const signedAt = (
      seconds: number,
      keys = [key],
      body = encodeIngestBody(name, bytes, read.ok ? read.round : null),
    ) =>
      sha256Hex(bytes).then((id) =>
        signIngestRequest({ id, timestamp: Math.floor(Date.now() / 1000) + seconds, body, keys }),
      );

    const tampered = await signedAt(0);
    const body = encodeUtf8(
      new TextDecoder().decode(tampered.body).replace('"fileName":"', '"fileName":"x'),
    );
    expect(await send({ ...tampered, body })).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/no signature verifies/) },
    });
    const wrongKey = await signedAt(0, [stranger]);
    expect(
      await send({ ...wrongKey, headers: { ...wrongKey.headers, [HEADER_KEY]: key.publicKey } }),
    ).toMatchObject({ status: 401 });
    expect(await send(await signedAt(0, [stranger]))).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/not registered/) },
    });
    expect(await send(await signedAt(-360))).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/old/) },
    });
    expect(await send(await signedAt(360))).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/in the future/) },
    });
    for (const header of [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE, HEADER_KEY]) {
      const request = await signedAt(0);
      const { [header]: _dropped, ...headers } = request.headers;
      expect(await send({ ...request, headers })).toMatchObject({
        status: 400,
        body: { error: expect.stringContaining(`missing header ${header}`) },
      });
    }

    // A request captured near the end of its window is accepted once, and refused when replayed after it.
    const captured = await signedAt(-293);
    expect(await send(captured)).toMatchObject({ status: 201, body: { status: 'imported' } });
    expect(await send(captured)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    await sleep(9_000);
    expect(await send(captured)).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/old/) },
    });

    await revokeKeys(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'signing checks',
      now: new Date(),
    });
    const afterRevoke = await signFileUpload({
      fileName: name,
      bytes,
      parsed: null,
      keys: [key],
      now: new Date(),
    });
    expect(await send(afterRevoke)).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/revoked/) },
    });
    const stored = await handle.db
      .select({ id: statsFiles.id })
      .from(statsFiles)
      .innerJoin(gameServers, eq(gameServers.id, statsFiles.serverId))
      .where(eq(gameServers.name, 'signing checks'));
    expect(stored).toHaveLength(1);
  });
  it('sends rounds and an endstats companion, never a _ws.txt, and status fails only for a quarantined file', async () => {
    const root = await mkdtemp(join(scratch, 'companions-'));
    const gamestats = join(root, 'gamestats');
    await mkdir(gamestats);
    const configPath = join(root, 'agent.json');
    const init = await run(process.execPath, [
      bundle,
      'init',
      '--url',
      worker.url,
      '--gamestats',
      gamestats,
      '--config',
      configPath,
    ]);
    const publicKey = /Public key: (\S+)/.exec(init.stdout)?.[1] as string;
    const added = await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'companions',
      publicKey,
    });
    if (!added.ok) throw new Error(added.reason);
    const serverId = added.value.id;
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    await writeFile(
      configPath,
      JSON.stringify({ ...config, settleMs: 200, unreadableGraceMs: 500 }),
    );
    const status = () => agentStatusOf(configPath);

    // Real rounds of one map, the real companion under the name of the R2 (its own round is not in the
    // set), the _ws.txt an older mod writes beside each round, and a file that is not .txt.
    const r1 = '2025-10-14-221625-te_escape2-round-1.txt';
    const r2 = '2025-10-14-221952-te_escape2-round-2.txt';
    const companion = r2.replace('.txt', '-endstats.txt');
    const ws = [r1, r2].map((n) => n.replace('.txt', '_ws.txt'));
    const logs: Record<string, unknown>[] = [];
    const agent = startAgent(configPath, logs);
    // The companion is there first: a backfill or a slow round write meets it before its round.
    await copyFile(
      join(REALDATA_DIR, 'companions', '2026-01-12-224606-te_escape2-round-2-endstats.txt'),
      join(gamestats, companion),
    );
    for (const name of ws) await writeFile(join(gamestats, name), 'WS_NAME\t1\t2\t3\t4\t5\t\n');
    await writeFile(join(gamestats, 'etconsole.log'), 'not stats\n');
    const companionsStored = () =>
      handle.db.$count(companionFiles, eq(companionFiles.serverId, serverId));
    await until('the companion', async () => (await companionsStored()) === 1);
    for (const name of [r1, r2])
      await copyFile(join(REALDATA_DIR, 'stats', name), join(gamestats, name));
    await until('both rounds', async () => (await storedCount(serverId)) === 2);
    await until('an empty spool', async () => /pending: 0\n/.test((await status()).stdout));

    const stored = await handle.db
      .select({ name: statsFiles.fileName, status: statsFiles.status })
      .from(statsFiles)
      .where(eq(statsFiles.serverId, serverId));
    expect(stored.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: r1, status: 'imported' },
      { name: r2, status: 'imported' },
    ]);
    const companions = await handle.db
      .select({ name: companionFiles.fileName, round: companionFiles.roundFileName })
      .from(companionFiles)
      .where(eq(companionFiles.serverId, serverId));
    expect(companions).toEqual([{ name: companion, round: r2 }]);
    const view = await worker.fetch(`/api/rounds?file=${r2}&server=companions`);
    expect(view.status).toBe(200);
    const { awards } = (await view.json()) as { awards: unknown[] | null };
    expect(awards).toHaveLength(23);
    expect(awards?.[0]).toMatchObject({ award: 'Most damage given', player: 'vid', value: 3214 });

    // The _ws.txt files and the log were never sent: skipped once each, quietly.
    const sent = logs.filter((l) => l.event === 'upload.delivered').map((l) => [l.file, l.status]);
    expect(sent.sort()).toEqual(
      [
        [companion, 'companion'],
        [r1, 'imported'],
        [r2, 'imported'],
      ].sort(),
    );
    for (const name of [...ws, 'etconsole.log'])
      expect(logs.filter((l) => l.file === name)).toMatchObject([
        { level: 'debug', event: 'file.skipped' },
      ]);
    expect(logs.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
    const healthy = await status();
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toContain('failed: 0\nquarantined: 0\nconflicts: 0\n');

    // A round file the Worker cannot read: status fails, naming it with the reason, until acknowledged.
    const broken = '2025-10-14-230000-te_escape2-round-1.txt';
    await writeFile(join(gamestats, broken), 'not a round\n');
    await until('the quarantine', async () => (await storedCount(serverId)) === 3);
    await until('status to fail', async () => (await status()).code === 1);
    expect((await status()).stdout).toMatch(
      new RegExp(`quarantined: 1\\n  ${broken}  at \\S+: line 1: .+\\n`),
    );
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    await run(process.execPath, [bundle, 'acknowledge', '--config', configPath]);
    expect(await status()).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('acknowledged: 1'),
    });
  });

  it('sends a file holding a NUL once: the Worker quarantines it (422), the agent stops and status fails', async () => {
    const root = await mkdtemp(join(scratch, 'poison-'));
    const gamestats = join(root, 'gamestats');
    await mkdir(gamestats);
    const configPath = join(root, 'agent.json');
    const init = await run(process.execPath, [
      bundle,
      'init',
      '--url',
      worker.url,
      '--gamestats',
      gamestats,
      '--config',
      configPath,
    ]);
    const publicKey = /Public key: (\S+)/.exec(init.stdout)?.[1] as string;
    const added = await addServer(handle.db, { communityId: 1, name: 'poison', publicKey });
    if (!added.ok) throw new Error(added.reason);
    const serverId = added.value.id;
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    await writeFile(
      configPath,
      JSON.stringify({ ...config, settleMs: 200, unreadableGraceMs: 500 }),
    );
    const logs: Record<string, unknown>[] = [];
    const agent = startAgent(configPath, logs);
    // The real companion and a real round, each with a NUL in a player's name.
    const poisoned = (bytes: Buffer) => {
      const spot =
        bytes.indexOf(0x0a) + 1 + bytes.subarray(bytes.indexOf(0x0a) + 1).indexOf(0x5c) + 2;
      return Buffer.concat([bytes.subarray(0, spot), Buffer.from([0]), bytes.subarray(spot)]);
    };
    const companion = '2026-01-12-224606-te_escape2-round-2-endstats.txt';
    const round = '2025-10-14-221625-te_escape2-round-1.txt';
    const companionBytes = await readFile(join(REALDATA_DIR, 'companions', companion));
    const tab =
      companionBytes.indexOf(0x0a) +
      1 +
      companionBytes.subarray(companionBytes.indexOf(0x0a) + 1).indexOf(0x09) +
      2;
    await writeFile(
      join(gamestats, companion),
      Buffer.concat([
        companionBytes.subarray(0, tab),
        Buffer.from([0]),
        companionBytes.subarray(tab),
      ]),
    );
    await writeFile(
      join(gamestats, round),
      poisoned(await readFile(join(REALDATA_DIR, 'stats', round))),
    );

    const quarantined = async () =>
      handle.db
        .select({
          name: statsFiles.fileName,
          line: statsFiles.errorLine,
          reason: statsFiles.errorReason,
        })
        .from(statsFiles)
        .where(eq(statsFiles.serverId, serverId));
    await until('both quarantined', async () => (await quarantined()).length === 2);
    const nul = 'line holds the control character U+0000, which a stats file never has';
    expect((await quarantined()).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [
        { name: companion, line: 2, reason: nul },
        { name: round, line: 2, reason: nul },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    await until('status to fail', async () => (await agentStatusOf(configPath)).code === 1);
    // A while longer: an agent still retrying would send again (its first retry comes within seconds).
    await sleep(3_000);
    const status = await agentStatusOf(configPath);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('pending: 0\n');
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(status.stdout).toMatch(
      new RegExp(
        `quarantined: 2\\n(  (${escaped(companion)}|${escaped(round)})  at \\S+: line 2: ${escaped(nul)}\\n){2}`,
      ),
    );
    const delivered = logs.filter((l) => l.event === 'upload.delivered');
    expect(delivered.map((l) => [l.file, l.status]).sort()).toEqual(
      [
        [companion, 'quarantined'],
        [round, 'quarantined'],
      ].sort(),
    );
    expect(logs.filter((l) => l.event === 'upload.retry' || l.event === 'upload.refused')).toEqual(
      [],
    );
    expect(await storedCount(serverId)).toBe(2);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
