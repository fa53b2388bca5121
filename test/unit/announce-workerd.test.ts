// Round announcements from the deployed Worker bundle in workerd: signed uploads of a map's R1 and
// R2 arriving at once through /ingest, over the embedded database (Neon's driver → WebSocket bridge
// → served PGlite), posts going to the Discord stand-in. Each round is summarised once, the map
// result posted once, in file-time order; a post Discord refuses for a while is made by the cron.
import { bindToDefault } from '../support/community.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey, type SigningKey } from '../../ingest-protocol/keys.ts';
import { signFileUpload } from '../../ingest-protocol/sign.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { type LocalPostgres, startLocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { DiscordMessage } from '../../worker/discord/message.ts';
import { addServer } from '../../worker/ingest/registry.ts';
import { setAnnounceChannel } from '../../worker/permissions/guild-settings.ts';
import { corpusFiles } from '../support/corpus.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

const CHANNEL = '1200000000000000001';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let local: LocalPostgres;
let discord: FakeDiscord;
let worker: TestWorker;
let key: SigningKey;

/** `2025-09-04-202728-frostbite-round-1.txt` as written `at` (UTC, the server's zone) instead. */
function renamed(name: string, at: Date): string {
  const [date, time] = at.toISOString().split('T') as [string, string];
  return `${date}-${time.slice(0, 8).replaceAll(':', '')}-${name.slice(18)}`;
}

/** Today's copies of corpus files, keeping the gaps between their times. */
function recentCopies(names: readonly string[], firstAt: Date) {
  const files = corpusFiles();
  const timeOf = (n: string) =>
    Date.parse(`${n.slice(0, 10)}T${n.slice(11, 13)}:${n.slice(13, 15)}:${n.slice(15, 17)}Z`);
  const origin = timeOf(names[0] as string);
  return names.map((name) => {
    const bytes = (files.find((f) => f.name === name) as { bytes: Uint8Array }).bytes;
    return {
      name: renamed(name, new Date(firstAt.getTime() + timeOf(name) - origin)),
      bytes,
    };
  });
}

async function upload(file: { name: string; bytes: Uint8Array }): Promise<string> {
  const read = readStatsFile(file.name, file.bytes);
  const request = await signFileUpload({
    fileName: file.name,
    bytes: file.bytes,
    parsed: read.ok ? read.round : null,
    keys: [key],
    now: new Date(),
  });
  const response = await worker.fetch('/ingest', {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return ((await response.json()) as { status: string }).status;
}

const titles = () =>
  discord.messages
    .filter((m) => m.channelId === CHANNEL)
    .map((m) => (m.payload as DiscordMessage).embeds?.[0]?.title);

/** Waits for `count` messages in the channel, then a little longer: a second copy would show. */
async function settledAt(count: number): Promise<void> {
  for (let waited = 0; titles().length < count && waited < 30_000; waited += 100) await sleep(100);
  await sleep(2500);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-announce-'));
  local = await startLocalPostgres({ dataDir: join(dir, 'pglite') });
  discord = await startFakeDiscord({ botToken: 'bot-token' });
  const pair = await generateKeyPair();
  key = await importSigningKey(pair);
  const added = await addServer(local.db, {
    communityId: 1,
    name: 'announcing',
    publicKey: pair.publicKey,
  });
  if (!added.ok) throw new Error(added.reason);
  await bindToDefault(local.db, '1200000000000000000');
  await setAnnounceChannel(local.db, {
    guildId: '1200000000000000000',
    channelId: CHANNEL,
    by: 'admin',
    at: new Date(Date.now() - 50 * 60_000),
  });
  worker = await startWorker({
    bindings: {
      DATABASE_URL: local.pgUrl,
      DATABASE_WS_PROXY: local.wsProxy,
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
      DISCORD_APPLICATION_ID: '100000000000000001',
      DISCORD_BOT_TOKEN: 'bot-token',
      DISCORD_API_BASE: discord.apiBase,
    },
  });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await discord?.close();
  await local?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('announcements from the Worker in workerd', () => {
  const [frost1, frost2, adler1] = recentCopies(
    [
      '2025-09-04-202728-frostbite-round-1.txt',
      '2025-09-04-203809-frostbite-round-2.txt',
      '2025-09-04-205149-etl_adlernest-round-1.txt',
    ],
    new Date(Date.now() - 40 * 60_000),
  ) as [{ name: string; bytes: Uint8Array }, ...{ name: string; bytes: Uint8Array }[]];

  it('R2 and R1 uploaded at once: each summary once, the map result once, R1 first', async () => {
    const statuses = await Promise.all([upload(frost2!), upload(frost1)]);
    expect(statuses).toEqual(['imported', 'imported']);
    await settledAt(3);
    expect(titles()).toEqual([
      'Round 1 · frostbite',
      'Round 2 · frostbite',
      'Map result · frostbite',
    ]);

    expect(await upload(frost2!)).toBe('duplicate');
    await worker.scheduled('*/15 * * * *');
    await sleep(1000);
    expect(titles()).toHaveLength(3);
  }, 60_000);

  it('a post rate-limited past the client’s patience is made by the cron, once', async () => {
    discord.inject({ status: 429, retryAfterSeconds: 60 }, { kind: 'channelMessage' });
    expect(await upload(adler1!)).toBe('imported');
    await discord.waitFor((r) => r.kind === 'channelMessage' && r.status === 429, 20_000);
    await sleep(1500);
    expect(titles()).toHaveLength(3);
    await worker.scheduled('*/15 * * * *');
    await worker.scheduled('*/15 * * * *');
    await settledAt(4);
    expect(titles().slice(3)).toEqual(['Round 1 · etl\\_adlernest']);
  }, 60_000);
});
