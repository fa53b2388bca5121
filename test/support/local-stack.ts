// The deployed Worker bundle in workerd over the imported sample corpus, as `npm start` wires it: Neon's driver
// → WebSocket bridge → served PGlite, follow-ups going to the Discord stand-in, real Ed25519 keys.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGameServer, importFolder } from '../../scripts/lib/import-folder.ts';
import { type LocalPostgres, startLocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { CORPUS_DIR } from './corpus.ts';
import { bindFirstGuild } from '../../worker/jobs/communities.ts';
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_GUILD_ID,
  type DiscordKeyPair,
  generateDiscordKeys,
} from '../../scripts/dev/discord-keys.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { startWorker, type TestWorker } from './workerd.ts';

export interface LocalStack {
  readonly local: LocalPostgres;
  readonly discord: FakeDiscord;
  readonly keys: DiscordKeyPair;
  readonly worker: TestWorker;
  /** The Worker's bindings, to start another Worker on the same database. */
  readonly bindings: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts it all; `prepare` runs on the database after the corpus import, before the Worker starts;
 * `extraBindings` adds settings (AGENT_COMMAND_KEY…).
 */
export async function startLocalStack(
  prepare: (local: LocalPostgres) => Promise<void> = async () => {},
  extraBindings: Readonly<Record<string, string>> = {},
): Promise<LocalStack> {
  const dir = await mkdtemp(join(tmpdir(), 'etstats-stack-'));
  const local = await startLocalPostgres({ dataDir: join(dir, 'pglite') });
  await importFolder(
    local.db,
    CORPUS_DIR,
    await ensureGameServer(local.db, { communityId: 1, name: 'corpus' }),
    {
      sessionGapMinutes: 60,
    },
  );
  await bindFirstGuild(local.db, DEFAULT_GUILD_ID, 'test', new Date());
  await prepare(local);
  const discord = await startFakeDiscord({ botToken: 'bot-token' });
  const keys = await generateDiscordKeys();
  const bindings = {
    DATABASE_URL: local.pgUrl,
    DATABASE_WS_PROXY: local.wsProxy,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: DEFAULT_APPLICATION_ID,
    DISCORD_BOT_TOKEN: 'bot-token',
    DISCORD_API_BASE: discord.apiBase,
    ...extraBindings,
  };
  const worker = await startWorker({ bindings });
  return {
    local,
    discord,
    keys,
    worker,
    bindings,
    stop: async () => {
      await worker.stop();
      await discord.close();
      await local.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
