import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, processGroupMembers } from './processes.ts';

const GUARD = fileURLToPath(new URL('./group-guard.mjs', import.meta.url));
const ENV = { ...process.env, GROUP_GUARD_GRACE_MS: '300' };
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) {
    for (const target of [child.pid, -(child.pid ?? 0)]) {
      try {
        if (target) process.kill(target, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
});

/** How many `sleep` processes group `pgid` holds. */
const sleeps = (pgid: number) => processGroupMembers(pgid).filter((p) => p.name === 'sleep').length;

/** group-guard.mjs leading a group of its own, running `sh -c script`; its stdin a pipe from here. */
function guarded(script: string): { guard: ChildProcess; pgid: number } {
  const guard = spawn(process.execPath, [GUARD, 'sh', '-c', script], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: ENV,
  });
  started.push(guard);
  if (!guard.pid) throw new Error('the guard did not start');
  return { guard, pgid: guard.pid };
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(check.toString())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('group-guard.mjs', () => {
  it('ends the whole group when the process that started it dies (SIGKILL)', async () => {
    // A parent that starts the guard and is then killed without a chance to stop anything.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const guard = spawn(process.execPath, [${JSON.stringify(GUARD)}, 'sh', '-c',
           'sleep 30 & sleep 30 & wait'], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
         console.log(guard.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: ENV },
    );
    started.push(parent);
    const pgid = await new Promise<number>((resolve) =>
      parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    await until(() => sleeps(pgid) === 2);
    parent.kill('SIGKILL');
    await until(() => processGroupMembers(pgid).length === 0, 8000);
  });

  it('ends what the command left behind when the command exits', async () => {
    const { guard, pgid } = guarded('sleep 30 & exit 3');
    const exited = new Promise<number | null>((resolve) => guard.once('exit', resolve));
    expect(await exited).toBe(3);
    await until(() => processGroupMembers(pgid).length === 0, 8000);
  });

  it('outlives SIGTERM and SIGHUP to its group, and SIGKILLs members that ignore them', async () => {
    const { guard, pgid } = guarded('(trap "" TERM HUP; sleep 30) & sleep 30');
    await until(() => sleeps(pgid) === 2);
    process.kill(-pgid, 'SIGHUP');
    process.kill(-pgid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(guard.pid as number)).toBe(true); // still there to finish the job
    await until(() => processGroupMembers(pgid).length === 0, 8000);
  });

  it('ends the group when its stdin is closed', async () => {
    const { guard, pgid } = guarded('exec sleep 30');
    await until(() => sleeps(pgid) === 1);
    guard.stdin?.end();
    await until(() => processGroupMembers(pgid).length === 0, 8000);
  });
});
