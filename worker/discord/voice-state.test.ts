import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';
import { createDiscordRest } from './rest.ts';

const GUILD = '1200000000000000001';
let discord: FakeDiscord;

beforeAll(async () => {
  discord = await startFakeDiscord({ botToken: 'bot-token' });
});
afterAll(() => discord?.close());

const rest = (botToken?: string) =>
  createDiscordRest({ baseUrl: discord.apiBase, ...(botToken ? { botToken } : {}) });

describe('a member’s voice state', () => {
  it('is the channel when in voice, none on 404, with the bucket’s headers read', async () => {
    discord.setVoice(GUILD, '1', '1500000000000000001');
    expect(await rest('bot-token').getVoiceState(GUILD, '1')).toMatchObject({
      kind: 'in',
      channelId: '1500000000000000001',
    });
    discord.setVoice(GUILD, '1', null);
    const none = await rest('bot-token').getVoiceState(GUILD, '1');
    expect(none.kind).toBe('none');
    discord.setVoiceBucket(GUILD, { limit: 2, windowSeconds: 30 });
    const last = await rest('bot-token').getVoiceState(GUILD, '2');
    expect(last).toMatchObject({ kind: 'none', remaining: 1 });
    expect(await rest('bot-token').getVoiceState(GUILD, '2')).toMatchObject({
      remaining: 0,
    });
    const limited = await rest('bot-token').getVoiceState(GUILD, '2');
    expect(limited).toMatchObject({ kind: 'limited', global: false });
    discord.setVoiceBucket(GUILD, { limit: 10_000, windowSeconds: 1 });
  });

  it('tells a global 429 (header or body) from a route one, and never retries it', async () => {
    const before = discord.recorded.length;
    discord.inject(
      { status: 429, retryAfterSeconds: 7, via: 'body', global: true },
      { kind: 'voiceState' },
    );
    expect(await rest('bot-token').getVoiceState(GUILD, '3')).toEqual({
      kind: 'limited',
      retryAfterMs: 7000,
      global: true,
    });
    discord.inject({ status: 429, retryAfterSeconds: 2 }, { kind: 'voiceState' });
    expect(await rest('bot-token').getVoiceState(GUILD, '3')).toEqual({
      kind: 'limited',
      retryAfterMs: 2000,
      global: false,
    });
    expect(discord.recorded.length - before).toBe(2);
  });

  it('fails naming the reason: another status, or no bot token', async () => {
    discord.inject({ status: 403 }, { kind: 'voiceState' });
    expect(await rest('bot-token').getVoiceState(GUILD, '4')).toMatchObject({
      kind: 'failed',
      status: 403,
    });
    const noToken = await rest().getVoiceState(GUILD, '4');
    expect(noToken).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/DISCORD_BOT_TOKEN/),
    });
    const wrongToken = await rest('other').getVoiceState(GUILD, '4');
    expect(wrongToken).toMatchObject({ kind: 'failed', status: 401 });
  });
});
