import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from './config.ts';
import { openSpool } from './spool.ts';

// `status` as a game server's monitoring runs it: the agent's own process, judged by its exit code.
const run = promisify(execFile);
const CLI = join(import.meta.dirname, 'cli.ts');
/** The checkout, where `--import tsx` resolves. */
const ROOT = join(import.meta.dirname, '..');
const NOW = '2025-10-02T21:00:00.000Z';
const R1 = '2025-10-02-211808-etl_adlernest-round-1.txt';
const BROKEN = '2025-10-02-212249-etl_adlernest-round-2.txt';

let dir: string;
let config: string;

/** Runs the agent with `args`; its exit code and output, whatever the code. */
async function agent(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

/** Records that the Worker answered `response` to `name` (sent with `content`). */
async function delivered(name: string, response: Record<string, unknown>, content = name) {
  const loaded = await loadAgentConfig(config);
  if (!loaded.ok) throw new Error(loaded.reason);
  const spool = await openSpool(loaded.config.spoolDir);
  const bytes = new TextEncoder().encode(content);
  const entry = await spool.enqueue(
    { path: join(dir, name), fileName: name, bytes, size: bytes.length, mtimeMs: 1 },
    new Date(NOW),
  );
  if (!entry) throw new Error(`${name} is queued already`);
  const httpStatus = response.status === 'quarantined' ? 422 : 200;
  await spool.markDelivered(entry, { deliveredAt: NOW, httpStatus, response });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-status-'));
  config = join(dir, 'agent.json');
  const init = await agent([
    ...['init', '--url', 'https://x.test/ingest', '--gamestats', dir, '--config', config],
  ]);
  expect(init.code).toBe(0);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('etstats-agent status, run as its own process', () => {
  it('exits 0 with the last success while every file reads', async () => {
    await delivered(R1, { status: 'imported', fileId: 1, roundId: 1 });
    const status = await agent(['status', '--config', config]);
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toContain(`last success: ${R1} (imported)`);
  });

  it('a copy no reading copy stands behind is a quarantine: exit 1, never the last success', async () => {
    await delivered(
      BROKEN,
      { status: 'quarantined', fileId: 2, line: 3, reason: 'cut short' },
      'first copy',
    );
    // A second copy of the name, unreadable too: the Worker keeps it as the better one.
    await delivered(
      BROKEN,
      { status: 'conflict', fileId: 3, keptFileId: 3, line: 4, reason: 'cut short' },
      'second, longer copy',
    );
    const status = await agent(['status', '--config', config]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`last success: ${R1} (imported)`);
    expect(status.stdout).toMatch(
      new RegExp(
        `quarantined: 1\n  ${BROKEN}  at \\S+: no copy of this name reads .*line 4: cut short\n`,
      ),
    );
    expect(status.stdout).toContain('conflicts: 0\n');
  });
});
