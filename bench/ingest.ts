// End-to-end ingest: the agent bundle (its own process) → the Worker in workerd → PostgreSQL (durable) through
// Neon's driver and the WebSocket bridge. Prints throughput (files/s) and new-file-to-API latency.
import { DEFAULT_COMMUNITY_ID } from '../worker/queries/communities.ts';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { buildAgent } from '../ingest-agent/build.ts';
import { runCli } from '../ingest-agent/commands.ts';
import { type AgentConfig, loadAgentConfig } from '../ingest-agent/config.ts';
import { startWsBridge } from '../scripts/lib/ws-bridge.ts';
import { statsFiles } from '../schema/index.ts';
import { generateCorpus } from '../generator/index.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { startWorker } from '../test/support/workerd.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { addServer } from '../worker/ingest/registry.ts';

const FILES = 600;
const LATENCY_SAMPLES = 7;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `everyMs` (the polling itself loads the Worker or the database it asks). */
async function until(
  what: string,
  condition: () => Promise<boolean>,
  options: { everyMs: number; ms?: number },
): Promise<void> {
  const end = Date.now() + (options.ms ?? 300_000);
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.everyMs);
  }
}

async function initAgent(root: string, url: string): Promise<AgentConfig> {
  const configPath = join(root, 'agent.json');
  await mkdir(join(root, 'gamestats'));
  const code = await runCli(
    ['init', '--url', url, '--gamestats', join(root, 'gamestats'), '--config', configPath],
    {
      env: {},
      cwd: root,
      stdout: () => {},
      stderr: (t) => process.stderr.write(t),
      fetch,
      now: () => new Date(),
      random: Math.random,
      signal: AbortSignal.abort(),
    },
  );
  const loaded = await loadAgentConfig(configPath);
  if (code !== 0 || !loaded.ok)
    throw new Error(`agent init failed: ${loaded.ok ? code : loaded.reason}`);
  return loaded.config;
}

export default async function benchIngest(): Promise<void> {
  // Generated evenings: the first FILES files for throughput, later ones (a new evening) for latency.
  const all = generateCorpus({ seed: 21, evenings: 140, players: 60, malformed: 0 }).files;
  if (all.length < FILES + LATENCY_SAMPLES)
    throw new Error(
      `the generator made ${all.length} files, fewer than ${FILES + LATENCY_SAMPLES}`,
    );
  const batch = all.slice(0, FILES);
  const late = all.slice(-LATENCY_SAMPLES);

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
  const root = await mkdtemp(join(tmpdir(), 'etstats-bench-ingest-'));
  let agent: ChildProcess | undefined;
  try {
    await migrate(handle.db);
    const bundle = (await buildAgent(join(root, 'etstats-agent.mjs'))).outfile;
    const config = await initAgent(root, `${worker.url}/ingest`);
    const added = await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'bench',
      publicKey: config.keys[0]?.publicKey ?? '',
    });
    if (!added.ok) throw new Error(added.reason);
    const stored = () => handle.db.$count(statsFiles, eq(statsFiles.serverId, added.value.id));

    for (const file of batch) await writeFile(join(config.gamestatsDir, file.name), file.bytes);
    const started = performance.now();
    agent = spawn(process.execPath, [bundle, 'run', '--config', join(root, 'agent.json')], {
      stdio: 'ignore',
    });
    // Counted every 50 ms: at most 50 ms late on a run of some ten seconds, and little load on the database.
    await until('the batch', async () => (await stored()) >= FILES, { everyMs: 50 });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `agent → Worker (workerd) → PostgreSQL: ${FILES} files in ${seconds.toFixed(1)} s = ${(FILES / seconds).toFixed(0)} files/s (target >= 50; concurrency ${config.concurrency}, settle ${config.settleMs} ms)`,
    );

    const latencies: number[] = [];
    for (const file of late) {
      await sleep(300);
      const written = performance.now();
      await writeFile(join(config.gamestatsDir, file.name), file.bytes);
      await until(
        file.name,
        async () =>
          (await worker.fetch(`/api/rounds?file=${encodeURIComponent(file.name)}`)).status === 200,
        { everyMs: 10, ms: 30_000 },
      );
      latencies.push(performance.now() - written);
    }
    latencies.sort((a, b) => a - b);
    const ms = (v: number | undefined) => `${Math.round(v ?? Number.NaN)} ms`;
    console.log(
      `new file → visible in /api/rounds: median ${ms(latencies[Math.floor(latencies.length / 2)])}, worst ${ms(latencies.at(-1))} over ${latencies.length} files (target < 2000 ms; ${config.settleMs} ms of it is the agent waiting for the file to settle)`,
    );
    const spool = await readFile(join(config.spoolDir, 'delivered.jsonl'), 'utf8');
    console.log(`agent ledger: ${spool.trim().split('\n').length} deliveries recorded`);
  } finally {
    agent?.kill('SIGTERM');
    await worker.stop();
    await bridge.close();
    await handle.close();
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
}
