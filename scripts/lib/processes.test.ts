import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  describePort,
  isAlive,
  portHolder,
  processGroupMembers,
  stopProcessGroup,
} from './processes.ts';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

/** A shell in a process group of its own (detached), running `script`. */
function groupOf(script: string): number {
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  started.push(child);
  if (!child.pid) throw new Error('sh did not start');
  return child.pid;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('processes', () => {
  it('names the process listening on a port, and nobody once it is closed', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    expect(portHolder(port)?.pid).toBe(process.pid);
    expect(describePort(port)).toMatch(new RegExp(`^port ${port} \\(process ${process.pid}: `));
    server.close();
    await once(server, 'close');
    expect(portHolder(port)).toBeUndefined();
    expect(describePort(port)).toBe(`port ${port}`);
  });

  it('tells a live process from a finished one', async () => {
    expect(isAlive(process.pid)).toBe(true);
    const child = spawn('true');
    await once(child, 'exit');
    expect(isAlive(child.pid as number)).toBe(false);
    expect(isAlive(0)).toBe(false);
  });

  it('stops a whole group, with SIGKILL for members that ignore SIGTERM', async () => {
    const pgid = groupOf('trap "" TERM; sleep 30 & sleep 30 & wait');
    await until(() => processGroupMembers(pgid).length === 3);
    const began = Date.now();
    await stopProcessGroup(pgid, 300);
    expect(processGroupMembers(pgid)).toEqual([]);
    expect(Date.now() - began).toBeLessThan(4000);
  });
});
