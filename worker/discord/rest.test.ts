import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { createDiscordRest, type DiscordRestOptions } from './rest.ts';

const APP = '1100000000000000001';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let fake: FakeDiscord;
let sleeps: number[];

beforeAll(async () => {
  fake = await startFakeDiscord({ botToken: 'bot-secret' });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  sleeps = [];
});

/** Real requests to the fake; waits are recorded instead of slept, so retry tests are instant and exact. */
function rest(options: DiscordRestOptions = {}) {
  return createDiscordRest({
    baseUrl: fake.apiBase,
    botToken: 'bot-secret',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
}

describe('editOriginal', () => {
  it('PATCHes @original with the mention guard', async () => {
    const result = await rest().editOriginal(APP, 'tok', { content: '@everyone look' });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
    const [request] = fake.recorded;
    expect(request).toMatchObject({
      kind: 'editOriginal',
      method: 'PATCH',
      applicationId: APP,
      token: 'tok',
      authorization: null,
    });
    expect(request?.payload).toEqual({
      content: '@everyone look',
      allowed_mentions: { parse: [] },
    });
  });

  it('sends files as multipart: payload_json plus files[n], with matching attachments', async () => {
    const result = await rest().editOriginal(APP, 'tok', {
      content: 'chart',
      files: [
        { name: 'kd.png', data: PNG, description: 'K/D chart' },
        { name: 'dpm.png', data: PNG },
      ],
    });
    expect(result.ok).toBe(true);
    const [request] = fake.recorded;
    expect(request?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.payload).toEqual({
      content: 'chart',
      allowed_mentions: { parse: [] },
      attachments: [
        { id: 0, filename: 'kd.png', description: 'K/D chart' },
        { id: 1, filename: 'dpm.png' },
      ],
    });
    expect(
      request?.files.map((file) => [file.field, file.name, file.contentType, [...file.data]]),
    ).toEqual([
      ['files[0]', 'kd.png', 'image/png', [...PNG]],
      ['files[1]', 'dpm.png', 'image/png', [...PNG]],
    ]);
  });

  it('retries the transient 404 Discord answers right after a defer, with small backoff', async () => {
    fake.inject({ status: 404 }, { times: 2 });
    const result = await rest().editOriginal(APP, 'tok', { content: 'done' });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(sleeps).toEqual([250, 500]);
    expect(fake.recorded.map((r) => r.status)).toEqual([404, 404, 200]);
  });

  it('gives up after the attempt budget and says why', async () => {
    fake.inject({ status: 404 }, { times: 10 });
    const result = await rest({ maxAttempts: 3 }).editOriginal(APP, 'tok', { content: 'done' });
    expect(result).toMatchObject({ ok: false, status: 404, attempts: 3 });
    if (!result.ok)
      expect(result.reason).toMatch(/PATCH \/webhooks\/.*\/messages\/@original answered 404/);
  });

  it('waits out a 429 for the Retry-After header, then succeeds', async () => {
    fake.inject({ status: 429, retryAfterSeconds: 1.5, via: 'header' });
    const result = await rest().editOriginal(APP, 'tok', { content: 'x' });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(sleeps).toEqual([1500]);
  });

  it('reads retry_after from the JSON body when there is no header', async () => {
    fake.inject({ status: 429, retryAfterSeconds: 0.25, via: 'body' });
    expect(await rest().editOriginal(APP, 'tok', { content: 'x' })).toMatchObject({
      ok: true,
      attempts: 2,
    });
    expect(sleeps).toEqual([250]);
  });

  it('honours Retry-After in real time', async () => {
    fake.inject({ status: 429, retryAfterSeconds: 0.2, via: 'header' });
    const started = performance.now();
    const result = await createDiscordRest({ baseUrl: fake.apiBase }).editOriginal(APP, 'tok', {
      content: 'x',
    });
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('reports a 429 longer than it is willing to wait instead of hanging', async () => {
    fake.inject({ status: 429, retryAfterSeconds: 60 });
    const result = await rest().editOriginal(APP, 'tok', { content: 'x' });
    expect(result).toMatchObject({ ok: false, status: 429, attempts: 1 });
    if (!result.ok) expect(result.reason).toMatch(/rate limited; retry after 60 s/);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx', async () => {
    fake.inject({ status: 500 });
    fake.inject({ status: 502 });
    expect(await rest().editOriginal(APP, 'tok', { content: 'x' })).toMatchObject({
      ok: true,
      attempts: 3,
    });
  });

  it('times out a hanging request and retries it', async () => {
    fake.inject({ hang: true });
    const started = performance.now();
    const result = await rest({ timeoutMs: 150 }).editOriginal(APP, 'tok', { content: 'x' });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports a request that keeps hanging as a timeout', async () => {
    fake.inject({ hang: true }, { times: 2 });
    const result = await rest({ timeoutMs: 100, maxAttempts: 2 }).editOriginal(APP, 'tok', {
      content: 'x',
    });
    expect(result).toMatchObject({ ok: false, status: null, attempts: 2 });
    if (!result.ok) expect(result.reason).toMatch(/timed out after 100 ms/);
  });
});

describe('requests that must not be retried', () => {
  it.each([400, 401, 403] as const)('%i is final', async (status) => {
    fake.inject({ status }, { times: 5 });
    const result = await rest().editOriginal(APP, 'tok', { content: 'x' });
    expect(result).toMatchObject({ ok: false, status, attempts: 1 });
    expect(fake.recorded).toHaveLength(1);
  });

  it('a 404 on a channel post is final (unknown channel, not a race)', async () => {
    fake.inject({ status: 404 }, { kind: 'channelMessage' });
    expect(await rest().postChannelMessage('99', { content: 'x' })).toMatchObject({
      ok: false,
      status: 404,
      attempts: 1,
    });
  });

  it('a timed-out POST is not resent (it may have been posted)', async () => {
    fake.inject({ hang: true });
    const result = await rest({ timeoutMs: 100 }).createFollowup(APP, 'tok', { content: 'x' });
    expect(result).toMatchObject({ ok: false, status: null, attempts: 1 });
  });
});

describe('bot-token calls', () => {
  it('posts a channel message with the bot token', async () => {
    const result = await rest().postChannelMessage('555', { content: 'Round over' });
    expect(result.ok).toBe(true);
    expect(fake.recorded[0]).toMatchObject({
      kind: 'channelMessage',
      channelId: '555',
      authorization: 'Bot bot-secret',
    });
  });

  it('creates an ephemeral follow-up', async () => {
    await rest().createFollowup(APP, 'tok', { content: 'psst' }, { ephemeral: true });
    expect(fake.recorded[0]).toMatchObject({
      kind: 'followup',
      payload: { content: 'psst', flags: 64 },
    });
  });

  it('bulk-overwrites global and guild commands and returns them with ids', async () => {
    const definitions = [{ name: 'help', description: 'Help' }];
    const global = await rest().bulkOverwriteGlobalCommands(APP, definitions);
    const guild = await rest().bulkOverwriteGuildCommands(APP, '777', definitions);
    expect(global).toMatchObject({ ok: true, data: [{ name: 'help', application_id: APP }] });
    expect(guild).toMatchObject({ ok: true, data: [{ name: 'help', guild_id: '777' }] });
    expect(fake.commands(APP).map((c) => c.name)).toEqual(['help']);
    expect(fake.commands(APP, '777')).toHaveLength(1);
  });

  it('says the bot token is missing instead of calling Discord without it', async () => {
    const result = await rest({ botToken: undefined }).postChannelMessage('555', { content: 'x' });
    expect(result).toEqual({
      ok: false,
      status: null,
      reason: expect.stringMatching(/DISCORD_BOT_TOKEN/),
      attempts: 0,
    });
    expect(fake.recorded).toHaveLength(0);
  });

  it('a wrong bot token gets a final 401 with Discord’s message', async () => {
    const result = await rest({ botToken: 'wrong' }).bulkOverwriteGlobalCommands(APP, []);
    expect(result).toMatchObject({ ok: false, status: 401, attempts: 1 });
    if (!result.ok) expect(result.reason).toMatch(/401: Unauthorized/);
  });
});
