// The deployed Worker bundle in workerd, answering Discord interactions signed with real Ed25519 keys, over
// the imported sample corpus (Neon driver → WebSocket bridge → served PGlite), follow-ups going to the
// Discord stand-in. Signature checks are proven both ways: a valid request is accepted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGameServer, importFolder } from '../../scripts/lib/import-folder.ts';
import { type LocalPostgres, startLocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { FULL_RECOMPUTE_CRON } from '../../worker/scheduled.ts';
import { CORPUS_DIR } from '../support/corpus.ts';
import { DEFAULT_APPLICATION_ID, type DiscordKeyPair, generateDiscordKeys, pingInteraction, signedInteractionInit, slashCommandInteraction } from '../support/discord-keys.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

let dir: string;
let local: LocalPostgres;
let discord: FakeDiscord;
let keys: DiscordKeyPair;
let worker: TestWorker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-interactions-'));
  local = await startLocalPostgres({ dataDir: join(dir, 'pglite') });
  await importFolder(local.db, CORPUS_DIR, await ensureGameServer(local.db, 'corpus'), { sessionGapMinutes: 60 });
  discord = await startFakeDiscord({ botToken: 'bot-token' });
  keys = await generateDiscordKeys();
  worker = await startWorker({
    bindings: {
      DATABASE_URL: local.pgUrl,
      DATABASE_WS_PROXY: local.wsProxy,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_APPLICATION_ID: DEFAULT_APPLICATION_ID,
      DISCORD_BOT_TOKEN: 'bot-token',
      DISCORD_API_BASE: discord.apiBase,
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await discord?.close();
  await local?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (init: { body: string; headers: Record<string, string> }) => worker.fetch('/interactions', { method: 'POST', ...init });
const now = () => Math.floor(Date.now() / 1000);

describe('Discord interactions in workerd', () => {
  it('accepts a validly signed PING and answers PONG', async () => {
    const response = await post(await signedInteractionInit(keys.privateKey, pingInteraction()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it('refuses a tampered body, a tampered timestamp, another key, a stale or future timestamp and missing headers', async () => {
    const valid = await signedInteractionInit(keys.privateKey, pingInteraction());
    const other = await generateDiscordKeys();
    const cases: Record<string, { body: string; headers: Record<string, string> }> = {
      'tampered body': { ...valid, body: valid.body.replace('"type":1', '"type": 1') },
      'tampered timestamp': { ...valid, headers: { ...valid.headers, 'X-Signature-Timestamp': String(now() - 1) } },
      'another key': await signedInteractionInit(other.privateKey, pingInteraction()),
      'stale timestamp': await signedInteractionInit(keys.privateKey, pingInteraction(), { timestamp: now() - 6 * 60 }),
      'future timestamp': await signedInteractionInit(keys.privateKey, pingInteraction(), { timestamp: now() + 6 * 60 }),
      'missing signature': { body: valid.body, headers: { 'content-type': 'application/json', 'X-Signature-Timestamp': valid.headers['X-Signature-Timestamp'] as string } },
      'missing timestamp': { body: valid.body, headers: { 'content-type': 'application/json', 'X-Signature-Ed25519': valid.headers['X-Signature-Ed25519'] as string } },
    };
    for (const [what, init] of Object.entries(cases)) expect((await post(init)).status, what).toBe(401);
  });

  it('answers a slash command from the database', async () => {
    const response = await post(await signedInteractionInit(keys.privateKey, slashCommandInteraction('help', [])));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { type: number; data: { content?: string; embeds?: unknown[]; allowed_mentions: unknown } };
    expect(body.type).toBe(4);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('runs the cron: the nightly full recompute fills the leaderboards, the quarter-hourly refresh keeps them', async () => {
    const entries = async () => (await rowsOf<{ n: number }>(local.db, sql`select count(*)::int as n from leaderboard_entries`))[0]?.n;
    await worker.scheduled(FULL_RECOMPUTE_CRON);
    const full = await entries();
    expect(full).toBeGreaterThan(100);
    await worker.scheduled('*/15 * * * *');
    expect(await entries()).toBe(full);
  });
});
