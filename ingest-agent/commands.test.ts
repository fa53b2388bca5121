import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey } from '../ingest-protocol/keys.ts';
import { machineTimeZone } from '../stats/clock.ts';
import { type CliIo, runCli } from './commands.ts';
import { loadAgentConfig } from './config.ts';
import { type GameFile, openSpool } from './spool.ts';

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

const NOW = '2025-10-02T21:00:00.000Z';
const R1 = '2025-10-02-211808-etl_adlernest-round-1.txt';
const COMPANION = '2025-10-02-211808-etl_adlernest-round-1-endstats.txt';
const BROKEN = '2025-10-02-212249-etl_adlernest-round-2.txt';

function gameFile(name: string, text: string): GameFile {
  const bytes = new TextEncoder().encode(text);
  return { path: `/gamestats/${name}`, fileName: name, bytes, size: bytes.length, mtimeMs: 1 };
}

/** An initialised agent and its spool, with deliveries recorded as the Worker answered them. */
async function agentWithSpool() {
  const cwd = await mkdtemp(join(scratch, 'cwd-'));
  await cli(['init', '--url', 'https://x.test/ingest', '--gamestats', cwd], cwd);
  const loaded = await loadAgentConfig(join(cwd, 'etstats-agent.json'));
  if (!loaded.ok) throw new Error(loaded.reason);
  const spool = await openSpool(loaded.config.spoolDir);
  const deliver = async (
    name: string,
    httpStatus: number,
    response: Record<string, unknown>,
    content = name,
  ) => {
    const entry = await spool.enqueue(gameFile(name, content), new Date(NOW));
    if (!entry) throw new Error(`${name} with these bytes is queued already`);
    await spool.markDelivered(entry, { deliveredAt: NOW, httpStatus, response });
  };
  return { cwd, spool, deliver };
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
      stdout:
        'agent: not running\nlast success: none yet\ndelivered: 0\npending: 0\nfailed: 0\nquarantined: 0\nconflicts: 0\n',
      stderr: '',
    });
    expect(JSON.parse((await cli(['status', '--json'], cwd)).stdout)).toEqual({
      runningPid: null,
      pending: [],
      failed: [],
      quarantined: [],
      conflicts: [],
      delivered: 0,
      lastSuccess: null,
      acknowledged: 0,
    });
  });

  it('status fails (exit 1) for a file the Worker kept in quarantine, naming it with the reason, and not as the last success', async () => {
    const { cwd, deliver } = await agentWithSpool();
    await deliver(R1, 201, { status: 'imported', fileId: 1, roundId: 1 });
    await deliver(BROKEN, 422, {
      status: 'quarantined',
      fileId: 2,
      line: 3,
      reason: 'the last line has no line end',
    });
    const status = await cli(['status'], cwd);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`last success: ${R1} (imported) at `);
    expect(status.stdout).toMatch(
      new RegExp(`quarantined: 1\n  ${BROKEN}  at \\S+: line 3: the last line has no line end\n`),
    );
    const json = await cli(['status', '--json'], cwd);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      delivered: 2,
      quarantined: [{ file: BROKEN, reason: 'line 3: the last line has no line end' }],
      lastSuccess: { file: R1, status: 'imported' },
    });
  });

  it('status stops failing once a complete copy of a quarantined file arrives, and reports the conflict as a warning (exit 0)', async () => {
    const { cwd, deliver } = await agentWithSpool();
    await deliver(BROKEN, 422, { status: 'quarantined', fileId: 2, line: 3, reason: 'cut short' });
    await deliver(BROKEN, 200, { status: 'conflict', fileId: 3, keptFileId: 3 }, 'complete');
    await deliver(COMPANION, 201, { status: 'companion', fileId: 1, roundFileName: R1 });
    const status = await cli(['status'], cwd);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('quarantined: 0\n');
    expect(status.stdout).toContain(
      `conflicts: 1 (warning)\n  ${BROKEN}  at ${NOW}: other content than a copy of this name sent before; the round is read from this copy\n`,
    );
    expect(status.stdout).toContain(`last success: ${COMPANION} (companion)`);
  });

  it('status fails for a file the Worker refused as not a round (422 without a status), with the reason', async () => {
    const { cwd, spool } = await agentWithSpool();
    const entry = await spool.enqueue(gameFile(R1, 'x'), new Date(NOW));
    await spool.markFailed(
      entry as NonNullable<typeof entry>,
      `HTTP 422: ${R1} is not a round file: a companion; it was not kept`,
      new Date(NOW),
    );
    const status = await cli(['status'], cwd);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(
      `failed: 1\n  ${R1}  refused at ${NOW}: HTTP 422: ${R1} is not a round file: a companion; it was not kept\n`,
    );
  });

  it('a duplicate leaves a file as it was: still quarantined, or fine', async () => {
    const { cwd, deliver } = await agentWithSpool();
    await deliver(BROKEN, 422, { status: 'quarantined', fileId: 2, line: 1, reason: 'empty' });
    await deliver(BROKEN, 200, { status: 'duplicate', fileId: 2, previous: 'quarantined' }, 'crlf');
    await deliver(R1, 200, { status: 'duplicate', fileId: 1, previous: 'imported' });
    const json = JSON.parse((await cli(['status', '--json'], cwd)).stdout);
    expect(json.quarantined).toMatchObject([{ file: BROKEN, reason: 'line 1: empty' }]);
    expect(json.lastSuccess).toMatchObject({ file: R1, status: 'duplicate' });
  });
});

describe('etstats-agent acknowledge', () => {
  it('stops status listing (and failing for) what the admin has seen; a new failure is listed again', async () => {
    const { cwd, spool, deliver } = await agentWithSpool();
    await deliver(BROKEN, 422, { status: 'quarantined', fileId: 2, line: 3, reason: 'cut short' });
    await deliver(R1, 200, { status: 'conflict', fileId: 5, keptFileId: 4 });
    const refused = await spool.enqueue(gameFile('huge.txt', 'x'.repeat(20)), new Date(NOW));
    await spool.markFailed(
      refused as NonNullable<typeof refused>,
      'HTTP 413: too large',
      new Date(NOW),
    );
    expect((await cli(['status'], cwd)).code).toBe(1);

    const acknowledged = await cli(['acknowledge'], cwd);
    expect(acknowledged.code).toBe(0);
    expect(acknowledged.stdout.split('\n').sort().filter(Boolean)).toEqual(
      [
        '3 file(s) acknowledged.',
        `acknowledged (conflict): ${R1}`,
        `acknowledged (quarantined): ${BROKEN}`,
        'acknowledged (failed): huge.txt',
      ].sort(),
    );
    const after = await cli(['status'], cwd);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('failed: 0\nquarantined: 0\nconflicts: 0\nacknowledged: 3');

    const another = '2025-10-02-213333-supply-round-1.txt';
    await deliver(another, 422, { status: 'quarantined', fileId: 7, line: 1, reason: 'empty' });
    const again = await cli(['status', '--json'], cwd);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({
      quarantined: [{ file: another }],
      failed: [],
      acknowledged: 3,
    });
  });
});
