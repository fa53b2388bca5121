import { describe, expect, it } from 'vitest';
import type { Database } from '../worker/db/database.ts';
import { ConfigError, readConfig } from '../worker/config.ts';
import { runServerCommand } from './server.ts';

// command-key needs no database: a throwing stand-in proves it never touches one.
const noDatabase = new Proxy(
  {},
  {
    get() {
      throw new Error('command-key must not use the database');
    },
  },
) as Database;

async function server(...argv: string[]) {
  let out = '';
  const code = await runServerCommand(
    argv,
    noDatabase,
    (t) => {
      out += t;
    },
    () => new Date(),
  );
  return { code, out };
}

const BASE = {
  DATABASE_URL: 'postgres://x',
  DISCORD_PUBLIC_KEY: 'a'.repeat(64),
  DISCORD_APPLICATION_ID: '1',
};

describe('npm run server -- command-key', () => {
  it('prints a pair whose public half command-key --private-key gives back, and the Worker accepts the private one', async () => {
    const made = await server('command-key');
    expect(made.code).toBe(0);
    const [, privateKey, publicKey] =
      /AGENT_COMMAND_KEY[^\n]*\n(\S+)\n\nPublic key[^\n]*\n(\S+)\n/.exec(made.out) ?? [];
    expect(privateKey).toBeDefined();
    const again = await server('command-key', '--private-key', privateKey as string);
    expect(again).toEqual({ code: 0, out: `${publicKey}\n` });
    expect(readConfig({ ...BASE, AGENT_COMMAND_KEY: privateKey }).agentCommandKey).toBe(privateKey);
  });

  it('says what is wrong with a key that is not one', async () => {
    expect(await server('command-key', '--private-key', 'nope')).toMatchObject({ code: 1 });
    expect(() => readConfig({ ...BASE, AGENT_COMMAND_KEY: 'bm9wZQ==' })).toThrow(ConfigError);
    expect(() => readConfig({ ...BASE, AGENT_COMMAND_KEY: 'bm9wZQ==' })).toThrow(
      'AGENT_COMMAND_KEY',
    );
    expect(() => readConfig({ ...BASE, LIVE_STALE_MINUTES: '-1' })).toThrow('LIVE_STALE_MINUTES');
    expect(readConfig(BASE)).toMatchObject({ agentCommandKey: undefined, liveStaleMinutes: 5 });
  });
});
