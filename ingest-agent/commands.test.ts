import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey } from '../ingest-protocol/keys.ts';
import { machineTimeZone } from '../stats/clock.ts';
import { type CliIo, runCli } from './commands.ts';
import { loadAgentConfig } from './config.ts';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'etstats-cli-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function cli(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeZone?: () => string | undefined,
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env,
    cwd,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    fetch,
    now: () => new Date('2025-10-02T21:00:00Z'),
    random: Math.random,
    signal: AbortSignal.abort(),
    ...(timeZone ? { timeZone } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('etstats-agent commands', () => {
  it('init writes a private config with a working key pair and prints the command that registers it', async () => {
    const cwd = await mkdtemp(join(scratch, 'cwd-'));
    const result = await cli(
      ['init', '--url', 'https://etstats.example.workers.dev', '--gamestats', 'gamestats'],
      cwd,
    );
    expect(result.code).toBe(0);
    const path = join(cwd, 'etstats-agent.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const loaded = await loadAgentConfig(path);
    if (!loaded.ok) throw new Error(loaded.reason);
    const { config } = loaded;
    expect(config).toMatchObject({
      url: 'https://etstats.example.workers.dev/ingest',
      gamestatsDir: join(cwd, 'gamestats'),
      spoolDir: join(cwd, 'etstats-spool'),
      since: '2025-10-02T21:00:00.000Z',
    });
    const key = config.keys[0] as { publicKey: string; privateKey: string };
    await expect(importSigningKey(key)).resolves.toMatchObject({ publicKey: key.publicKey });
    expect(result.stdout).toContain(
      `npm run server -- add --name <this server's name> --public-key ${key.publicKey}`,
    );
    expect(result.stderr).toMatch(/gamestats does not exist/);
    expect(result.stdout).toContain(
      `--public-key ${key.publicKey} --time-zone ${machineTimeZone() ?? '<'}`,
    );
  });

  it('init prints the register command with this machine’s time zone, or asks for it', async () => {
    const init = async (zone: string | undefined) => {
      const cwd = await mkdtemp(join(scratch, 'zone-'));
      const result = await cli(
        ['init', '--url', 'https://x.test/ingest', '--gamestats', cwd],
        cwd,
        {},
        () => zone,
      );
      const key = result.stdout.match(/Public key: (\S+)/)?.[1];
      return { result, key };
    };
    const berlin = await init('Europe/Berlin');
    expect(berlin.result.code).toBe(0);
    expect(berlin.result.stdout).toContain(
      `  npm run server -- add --name <this server's name> --public-key ${berlin.key} --time-zone Europe/Berlin\n` +
        "(Europe/Berlin is this machine's time zone: the game writes stats file names in its clock.",
    );
    const none = await init(undefined);
    expect(none.result.stdout).toContain(
      `--public-key ${none.key} --time-zone <the game server's IANA zone, e.g. Europe/Berlin>\n` +
        '(This machine reports no IANA time zone',
    );
  });

  it('init never overwrites an existing config (it holds the registered key)', async () => {
    const cwd = await mkdtemp(join(scratch, 'cwd-'));
    await cli(
      ['init', '--url', 'https://x.test/ingest', '--gamestats', cwd, '--config', 'agent.json'],
      cwd,
    );
    const before = await readFile(join(cwd, 'agent.json'), 'utf8');
    const again = await cli(['init', '--url', 'https://x.test/ingest', '--gamestats', cwd], cwd, {
      ETSTATS_AGENT_CONFIG: 'agent.json',
    });
    expect(again).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists/) });
    expect(await readFile(join(cwd, 'agent.json'), 'utf8')).toBe(before);
  });

  it('explains a missing config, a bad option and an unknown command with exit code 2', async () => {
    const cwd = await mkdtemp(join(scratch, 'cwd-'));
    expect(await cli(['run'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read config .*etstats-agent init/),
    });
    expect(await cli(['run', '--nope'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--nope'/),
    });
    await cli(['init', '--url', 'https://x.test/ingest', '--gamestats', cwd], cwd);
    expect(await cli(['frobnicate'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown command "frobnicate"/),
    });
    expect(await cli(['backfill', '--since', 'yesterday'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/YYYY-MM-DD/),
    });
    expect(await cli([], cwd)).toMatchObject({
      code: 2,
      stdout: expect.stringMatching(/etstats-agent init/),
    });
  });

  it('status reports an empty spool and no agent running', async () => {
    const cwd = await mkdtemp(join(scratch, 'cwd-'));
    await cli(['init', '--url', 'https://x.test/ingest', '--gamestats', cwd], cwd);
    expect(await cli(['status'], cwd)).toEqual({
      code: 0,
      stdout: 'agent: not running\nlast success: none yet\ndelivered: 0\npending: 0\nfailed: 0\n',
      stderr: '',
    });
    expect(JSON.parse((await cli(['status', '--json'], cwd)).stdout)).toEqual({
      runningPid: null,
      pending: [],
      failed: [],
      delivered: 0,
      lastSuccess: null,
    });
  });
});
