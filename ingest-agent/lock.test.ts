import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, lockHolder } from './lock.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-lock-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('acquireLock', () => {
  it('keeps a second agent out while the first lives, and lets it in once the first is SIGKILLed', async () => {
    const path = join(dir, 'a.lock');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    const pid = other.pid as number;
    expect(await acquireLock(path, pid)).toMatchObject({ ok: true });
    expect(await acquireLock(path)).toEqual({ ok: false, heldBy: pid });
    expect(await lockHolder(path)).toBe(pid);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    expect(await lockHolder(path)).toBeNull();
    const taken = await acquireLock(path);
    expect(taken).toMatchObject({ ok: true });
    expect(await lockHolder(path)).toBe(process.pid);
    if (taken.ok) await taken.release();
    expect(await lockHolder(path)).toBeNull();
  });

  it('does not mistake a pid reused after a reboot for the agent that held the lock', async () => {
    const path = join(dir, 'b.lock');
    // Written by an agent in an earlier boot that happened to have this process's pid.
    await writeFile(path, `${process.pid} 00000000-0000-0000-0000-000000000000 12345`);
    expect(await acquireLock(path)).toMatchObject({ ok: true });
  });
});
