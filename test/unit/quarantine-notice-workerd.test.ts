// Quarantined uploads told to the admins, from the deployed Worker bundle in workerd: signed uploads
// that cannot be read go through /ingest (422), and the Discord stand-in receives the notice in the
// guild's admin channel, else its announcement channel, once, with the commands that act on it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey, type SigningKey } from '../../ingest-protocol/keys.ts';
import { signFileUpload } from '../../ingest-protocol/sign.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { type LocalPostgres, startLocalPostgres } from '../../scripts/lib/local-postgres.ts';
import type { DiscordMessage } from '../../worker/discord/message.ts';
import { addServer } from '../../worker/ingest/registry.ts';
import { setAdminChannel, setAnnounceChannel } from '../../worker/permissions/guild-settings.ts';
import { bindToDefault } from '../support/community.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

const GUILD = '1200000000000000000';
const SUMMARIES = '1200000000000000001';
const ADMINS = '1200000000000000002';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let local: LocalPostgres;
let discord: FakeDiscord;
let worker: TestWorker;
let key: SigningKey;

/** A round file of today cut off mid-line (no line end): the reader refuses it. */
function cutOff(minutesAgo: number): { name: string; bytes: Uint8Array } {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const name = `${at.slice(0, 10)}-${at.slice(11, 19).replaceAll(':', '')}-goldrush-round-1.txt`;
  return {
    name,
    bytes: new TextEncoder().encode('^7EU #1\\goldrush\\^7ET 2.60b\\1\\1\\1\\10:00\\10:00'),
  };
}

async function upload(file: { name: string; bytes: Uint8Array }) {
  const request = await signFileUpload({
    fileName: file.name,
    bytes: file.bytes,
    parsed: null,
    keys: [key],
    now: new Date(),
  });
  const response = await worker.fetch('/ingest', {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: (await response.json()) as { fileId: number } };
}

const notices = (channelId: string) =>
  discord.messages
    .filter((m) => m.channelId === channelId)
    .map((m) => (m.payload as DiscordMessage).embeds?.[0] ?? {});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-quarantine-'));
  local = await startLocalPostgres({ dataDir: join(dir, 'pglite') });
  discord = await startFakeDiscord({ botToken: 'bot-token' });
  const pair = await generateKeyPair();
  key = await importSigningKey(pair);
  const added = await addServer(local.db, {
    communityId: 1,
    name: 'EU #1',
    publicKey: pair.publicKey,
  });
  if (!added.ok) throw new Error(added.reason);
  await bindToDefault(local.db, GUILD);
  await setAnnounceChannel(local.db, {
    guildId: GUILD,
    channelId: SUMMARIES,
    by: 'a',
    at: new Date(),
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

describe('a quarantined upload is told to the admins', () => {
  it('in the announcement channel while no admin channel is set: reason and commands, once', async () => {
    const sent = await upload(cutOff(5));
    expect(sent.status).toBe(422);
    await discord.waitFor((r) => r.kind === 'channelMessage' && r.channelId === SUMMARIES, 20_000);
    const [notice] = notices(SUMMARIES);
    expect(notice?.title).toBe('Upload kept in quarantine');
    expect(notice?.description).toContain('**EU \\#1** sent `');
    expect(notice?.description).toMatch(/could not be read \(line 1: .+\)/);
    const id = sent.body.fileId;
    expect(notice?.fields?.[0]?.value).toContain(`\`/admin quarantine retry file:${id}\``);
    expect(notice?.fields?.[0]?.value).toContain(`\`/admin quarantine discard file:${id}\``);
    expect(notice?.footer?.text).toBe(`EU #1 · file ${id}`);

    await worker.scheduled('*/15 * * * *');
    await sleep(1000);
    expect(notices(SUMMARIES)).toHaveLength(1);
  }, 60_000);

  it('in the admin channel once one is set, and not in the announcement channel', async () => {
    await setAdminChannel(local.db, { guildId: GUILD, channelId: ADMINS, by: 'a', at: new Date() });
    const sent = await upload(cutOff(3));
    expect(sent.status).toBe(422);
    await discord.waitFor((r) => r.kind === 'channelMessage' && r.channelId === ADMINS, 20_000);
    await sleep(1000);
    // The admin channel is told of the new upload, and of the earlier one it had not been told of.
    expect(notices(ADMINS).map((n) => n.footer?.text)).toContain(
      `EU #1 · file ${sent.body.fileId}`,
    );
    expect(notices(SUMMARIES)).toHaveLength(1);
  }, 60_000);

  it('once, when Discord posted it but its answer was lost: the retry carries the same nonce', async () => {
    discord.inject({ status: 500, afterCreating: true }, { kind: 'channelMessage' });
    const sent = await upload(cutOff(1));
    expect(sent.status).toBe(422);
    const footer = `EU #1 · file ${sent.body.fileId}`;
    const isNotice = (r: { kind: string; channelId: string | null; payload: unknown }) =>
      r.kind === 'channelMessage' &&
      r.channelId === ADMINS &&
      (r.payload as DiscordMessage).embeds?.[0]?.footer?.text === footer;
    await discord.waitFor((r) => isNotice(r) && r.status === 200, 20_000);
    const [first, retry] = discord.recorded.filter(isNotice);
    expect(first?.status).toBe(500);
    expect(first?.payload).toMatchObject({
      enforce_nonce: true,
      nonce: (retry?.payload as { nonce?: string } | undefined)?.nonce,
    });
    await sleep(500);
    expect(notices(ADMINS).filter((n) => n.footer?.text === footer)).toHaveLength(1);
  }, 60_000);
});
