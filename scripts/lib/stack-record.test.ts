import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processGroupMembers } from './processes.ts';
import {
  StartRefusedError,
  clearStaleStack,
  readStackRecord,
  removeStackRecord,
  stackRecordFile,
  writeStackRecord,
} from './stack-record.ts';

const GUARD = fileURLToPath(new URL('./group-guard.mjs', import.meta.url));
const started: ChildProcess[] = [];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etstats-stack-record-'));
});

afterEach(async () => {
  for (const child of started.splice(0)) {
    for (const target of [child.pid, -(child.pid ?? 0)]) {
      try {
        if (target) process.kill(target, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
  await rm(dir, { recursive: true, force: true });
});

function track(child: ChildProcess): number {
  started.push(child);
  if (!child.pid) throw new Error('did not start');
  return child.pid;
}

/** The pid of a process that has exited: an `npm start` that crashed. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await once(child, 'exit');
  return child.pid as number;
}

const startedAt = '2026-01-01T00:00:00.000Z';

describe('clearStaleStack', () => {
  it('does nothing without a record', async () => {
    expect(await clearStaleStack(dir)).toBeUndefined();
  });

  it('refuses, naming its process and port, while the recorded npm start still runs', async () => {
    // A process whose command line is that of `npm start`'s node: …/scripts/start.ts
    const pid = track(
      spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'scripts/start.ts']),
    );
    await writeStackRecord(dir, { pid, port: 8787, wranglerGroup: 1, startedAt });
    const refusal = clearStaleStack(dir);
    await expect(refusal).rejects.toBeInstanceOf(StartRefusedError);
    await expect(clearStaleStack(dir)).rejects.toThrow(
      `npm start is already running in this checkout (process ${pid}, its Worker on port 8787)`,
    );
    expect((await readStackRecord(dir))?.pid).toBe(pid);
  });

  it('stops the wrangler group a crashed npm start left behind, and says what it stopped', async () => {
    const guard = spawn(process.execPath, [GUARD, 'sh', '-c', 'sleep 30 & sleep 30 & wait'], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const group = track(guard);
    while (processGroupMembers(group).filter((p) => p.name === 'sleep').length < 2)
      await new Promise((r) => setTimeout(r, 20));
    const pid = await deadPid();
    await writeStackRecord(dir, { pid, port: 8790, wranglerGroup: group, startedAt });
    const note = await clearStaleStack(dir);
    expect(note).toMatch(
      new RegExp(
        `^Stopped what an earlier npm start \\(process ${pid}\\) left running on port 8790: `,
      ),
    );
    expect(note).toContain(`(process group ${group})`);
    expect(processGroupMembers(group)).toEqual([]);
    expect(existsSync(stackRecordFile(dir))).toBe(false);
  });

  it('leaves alone a group that is not a local stack (its id reused), and drops the record', async () => {
    const group = track(spawn('sleep', ['30'], { detached: true, stdio: 'ignore' }));
    await writeStackRecord(dir, { pid: await deadPid(), wranglerGroup: group, startedAt });
    expect(await clearStaleStack(dir)).toBeUndefined();
    expect(processGroupMembers(group).map((p) => p.name)).toEqual(['sleep']);
    expect(existsSync(stackRecordFile(dir))).toBe(false);
  });

  it('removes only its own record', async () => {
    await writeStackRecord(dir, { pid: process.pid + 1, startedAt });
    await removeStackRecord(dir);
    expect(existsSync(stackRecordFile(dir))).toBe(true);
    await writeStackRecord(dir, { pid: process.pid, startedAt });
    await removeStackRecord(dir);
    expect(existsSync(stackRecordFile(dir))).toBe(false);
  });
});
