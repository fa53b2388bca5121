import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../dev/fake-discord.ts';
import { commands } from '../../worker/commands/index.ts';
import { runRegister } from './register-commands.ts';

const APP = '1100000000000000001';
const definitions = commands.map((command) => command.definition);

let fake: FakeDiscord;
let out: string[];
let err: string[];
const io = () => ({ out: (line: string) => out.push(line), err: (line: string) => err.push(line) });

beforeAll(async () => {
  fake = await startFakeDiscord({ botToken: 'tok' });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  out = [];
  err = [];
});

const env = () => ({
  DISCORD_APPLICATION_ID: APP,
  DISCORD_BOT_TOKEN: 'tok',
  DISCORD_API_BASE: fake.apiBase,
});

describe('npm run register', () => {
  it('registers the registry globally by default', async () => {
    expect(await runRegister([], env(), definitions, io())).toBe(0);
    expect(fake.recorded[0]).toMatchObject({
      kind: 'globalCommands',
      method: 'PUT',
      authorization: 'Bot tok',
      payload: definitions,
    });
    expect(fake.commands(APP).map((c) => c.name)).toEqual(definitions.map((d) => d.name));
    expect(out[0]).toBe(`Registered ${definitions.length} commands globally:`);
    expect(out[1]).toMatch(/^ {2}\/help {2}\(id \d+\)$/);
  });

  it('registers in one guild with --guild', async () => {
    expect(await runRegister(['--guild', '1200000000000000009'], env(), definitions, io())).toBe(0);
    expect(fake.recorded[0]).toMatchObject({
      kind: 'guildCommands',
      guildId: '1200000000000000009',
    });
    expect(fake.commands(APP)).toEqual([]);
  });

  it('--dry-run prints the JSON and needs no settings', async () => {
    expect(await runRegister(['--dry-run'], {}, definitions, io())).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(definitions);
    expect(fake.recorded).toEqual([]);
  });

  it('names the missing setting', async () => {
    expect(await runRegister([], { DISCORD_BOT_TOKEN: 'tok' }, definitions, io())).toBe(1);
    expect(err[0]).toMatch(/^DISCORD_APPLICATION_ID is not set/);
    expect(await runRegister([], { DISCORD_APPLICATION_ID: APP }, definitions, io())).toBe(1);
    expect(err[1]).toMatch(/^DISCORD_BOT_TOKEN is not set/);
    expect(fake.recorded).toEqual([]);
  });

  it('reports Discord refusing the token, without retrying', async () => {
    expect(await runRegister([], { ...env(), DISCORD_BOT_TOKEN: 'wrong' }, definitions, io())).toBe(
      1,
    );
    expect(err[0]).toMatch(/failed: PUT \/applications\/\d+\/commands answered 401/);
    expect(fake.recorded).toHaveLength(1);
  });

  it('refuses definitions Discord would reject, before sending anything', async () => {
    expect(await runRegister([], env(), [{ name: 'Bad Name', description: 'x' }], io())).toBe(1);
    expect(err[0]).toMatch(/would be rejected by Discord/);
    expect(fake.recorded).toEqual([]);
  });

  it('rejects unknown flags and a malformed guild id', async () => {
    expect(await runRegister(['--global'], env(), definitions, io())).toBe(2);
    expect(await runRegister(['--guild', 'abc'], env(), definitions, io())).toBe(2);
  });
});
