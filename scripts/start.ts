// `npm start`: the whole app on this machine. The Worker runs under `wrangler dev` (workerd) on an embedded
// Postgres (PGlite in .data/, served to the Worker through the Neon driver's WebSocket bridge), with a local
// stand-in for Discord's REST API and local keys, so every command can be tried with `npm run ask`.
// Stopping: any of SIGINT, SIGTERM, SIGHUP (to this process or its whole process group, once or several
// times) stops everything, wrangler's process group included (lib/shutdown.ts); wrangler dev runs under a
// guard that ends its group if this process dies without stopping it (lib/group-guard.mjs); and
// .data/stack.json lets the next start stop what a crashed one left (lib/stack-record.ts).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { statsFiles } from '../schema/index.ts';
import { generateCorpus } from '../generator/index.ts';
import { recomputeAll } from '../worker/recompute/index.ts';
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_USER_ID,
  generateDiscordKeys,
  DEFAULT_GUILD_ID,
} from './dev/discord-keys.ts';
import { startFakeDiscord } from './dev/fake-discord.ts';
import type { Database } from '../worker/db/database.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';
import { ensureGameServer, importFolder } from './lib/import-folder.ts';
import { bindFirstGuild } from '../worker/jobs/communities.ts';
import { DEFAULT_COMMUNITY_ID } from '../worker/queries/communities.ts';
import type { LocalConfig } from './lib/local-config.ts';
import { startLocalPostgres } from './lib/local-postgres.ts';
import { LOCAL_DATA_DIR, LOCAL_PGLITE_DIR } from './lib/open-database.ts';
import { freePort, portIsFree } from './lib/free-port.ts';
import { describePort, signalGroup, stopProcessGroup } from './lib/processes.ts';
import { installShutdown } from './lib/shutdown.ts';
import {
  StartRefusedError,
  clearStaleStack,
  removeStackRecord,
  writeStackRecord,
} from './lib/stack-record.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';
import { findSharedCorpus } from './lib/shared-corpus.ts';
import { startWranglerDev } from './lib/wrangler-dev.ts';

const SHARED_CORPUS = findSharedCorpus();
const LOCAL_CONFIG = `${LOCAL_DATA_DIR}/local.json`;
const SCRIPT_SETTINGS = readScriptSettingsOrExit();
const SETTINGS = {
  sessionGapMinutes: SCRIPT_SETTINGS.sessionGapMinutes,
  seasons: SCRIPT_SETTINGS.seasons,
};

/** The first start fills the empty database: the shared sample corpus when it is there, else generated rounds. */
async function loadSampleData(db: Database) {
  const stored = await db.$count(statsFiles);
  if (stored > 0)
    return console.log(
      `Database has ${stored} stats files already; not loading the sample corpus.`,
    );
  const serverId = await ensureGameServer(db, { communityId: DEFAULT_COMMUNITY_ID, name: 'local' });
  if (SHARED_CORPUS && existsSync(`${SHARED_CORPUS}/stats`)) {
    console.log(`First start: importing the sample corpus from ${SHARED_CORPUS}/stats ...`);
    const report = await importFolder(db, `${SHARED_CORPUS}/stats`, serverId, SETTINGS);
    console.log(
      `  ${report.imported.length} rounds imported, ${report.quarantined.length} unreadable files quarantined.`,
    );
  } else {
    console.log(
      'First start: no sample corpus beside the project; importing 10 generated evenings instead ...',
    );
    const { files } = generateCorpus({ seed: 1, evenings: 10, players: 24 });
    for (const file of files)
      await importStatsFile(
        db,
        { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date() },
        SETTINGS,
      );
    console.log(`  ${files.length} generated files imported.`);
  }
  const recompute = await recomputeAll(db, SETTINGS, new Date());
  console.log(
    `  recomputed ${recompute.sessions} sessions and ${recompute.periods} leaderboard periods.`,
  );
}

/** Local Discord keys survive restarts, so a running `npm run ask` setup keeps working. */
async function localKeys(): Promise<{ publicKey: string; privateKey: string }> {
  try {
    const saved = JSON.parse(await readFile(LOCAL_CONFIG, 'utf8')) as Partial<LocalConfig>;
    if (saved.discordPublicKey && saved.discordPrivateKey)
      return { publicKey: saved.discordPublicKey, privateKey: saved.discordPrivateKey };
  } catch {
    // first start
  }
  const keys = await generateDiscordKeys();
  return { publicKey: keys.publicKeyHex, privateKey: keys.privateKeyPkcs8Base64 };
}

/** The Worker's port: PORT when set (and free), else 8787 when free, else any free port. */
async function workerPort(): Promise<number> {
  const wanted = SCRIPT_SETTINGS.port;
  if (wanted !== undefined) {
    if (await portIsFree(wanted)) return wanted;
    throw new StartRefusedError(
      `PORT ${wanted} is taken: ${describePort(wanted)} listens there. ` +
        'Stop it, or set PORT to another port (or unset it to take any free one).',
    );
  }
  if (await portIsFree(8787)) return 8787;
  const port = await freePort();
  console.log(`${describePort(8787)} is in use; the Worker takes port ${port} instead.`);
  return port;
}

const shutdown = installShutdown();
// A closed terminal must not crash the cleanup that its SIGHUP started.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

async function main() {
  await mkdir(LOCAL_DATA_DIR, { recursive: true });
  const cleared = await clearStaleStack(LOCAL_DATA_DIR);
  if (cleared) console.log(cleared);
  const startedAt = new Date().toISOString();
  await writeStackRecord(LOCAL_DATA_DIR, { pid: process.pid, startedAt });
  shutdown.add('stack record', () => removeStackRecord(LOCAL_DATA_DIR));
  const database = await startLocalPostgres({ dataDir: LOCAL_PGLITE_DIR });
  shutdown.add('database', () => database.close());

  await loadSampleData(database.db);
  // The stand-in's guild (where `npm run ask` asks from) is this deployment's first guild.
  await bindFirstGuild(database.db, DEFAULT_GUILD_ID, 'npm start', new Date());
  shutdown.signal.throwIfAborted();
  const discord = await startFakeDiscord({ botToken: 'local-bot-token' });
  shutdown.add('Discord stand-in', () => discord.close());
  const keys = await localKeys();
  const port = await workerPort();
  console.log('Starting the Worker under wrangler dev ...');
  const worker = await startWranglerDev({
    port,
    output: 'inherit',
    signal: shutdown.signal,
    onSpawn: (pgid) => {
      shutdown.add(
        'wrangler dev',
        () => stopProcessGroup(pgid),
        () => void signalGroup(pgid, 'SIGKILL'),
      );
      writeStackRecord(LOCAL_DATA_DIR, {
        pid: process.pid,
        wranglerGroup: pgid,
        port,
        startedAt,
      }).catch((error: unknown) => console.error(`Could not write .data/stack.json: ${error}`));
    },
    vars: {
      ...SCRIPT_SETTINGS.workerVars,
      DATABASE_URL: database.pgUrl,
      DATABASE_WS_PROXY: database.wsProxy,
      DISCORD_PUBLIC_KEY: keys.publicKey,
      DISCORD_APPLICATION_ID: DEFAULT_APPLICATION_ID,
      DISCORD_BOT_TOKEN: 'local-bot-token',
      DISCORD_API_BASE: discord.apiBase,
      OWNER_USER_IDS: DEFAULT_USER_ID,
    },
  });
  const config: LocalConfig = {
    workerUrl: worker.url,
    discordPublicKey: keys.publicKey,
    discordPrivateKey: keys.privateKey,
    fakeDiscordUrl: discord.url,
    applicationId: DEFAULT_APPLICATION_ID,
  };
  await writeFile(LOCAL_CONFIG, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`
etstats is running.
  Worker           ${worker.url}   (try ${worker.url}/api/sessions)
  Website          ${worker.url}${(SCRIPT_SETTINGS.workerVars.SITE_BASE_PATH ?? '/').replace(/^\/?/, '/')}
  Discord stand-in ${discord.url}  (what the Worker sent: ${discord.url}/__recorded)
  Database         ${database.pgUrl}  (PGlite in ${LOCAL_PGLITE_DIR})
Try a command without Discord, in another terminal:
  npm run ask -- "/help"
  npm run ask -- "/last_session"
Import more round files into this database while it runs:
  npm run import -- path/to/gamestats
Press Ctrl+C to stop.`);
}

const starting = main();
shutdown.settle(starting);
starting.catch((error: unknown) => {
  if (shutdown.signal.aborted) return; // a signal stopped the start: the shutdown is under way
  if (error instanceof StartRefusedError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  void shutdown.stop('the start failed', 1);
});
