import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  childrenNamed,
  describePort,
  isAlive,
  portHolder,
  processGroupMembers,
  reapOnExit,
  stopProcessGroup,
} from './processes.ts';

const REAPER = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    for (const target of [child.pid, -(child.pid ?? 0)]) {
      try {
        if (target) process.kill(target, 'SIGKILL');
      } catch {
        // gone already, or not a group leader
      }
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

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
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
    await until(() => processGroupMembers(pgid).filter((p) => p.name === 'sleep').length === 2);
    const began = Date.now();
    await stopProcessGroup(pgid, 300);
    expect(processGroupMembers(pgid)).toEqual([]);
    expect(Date.now() - began).toBeLessThan(4000);
  });
});

describe('reaper.mjs', () => {
  it('ends the processes it watches when the process that started it is SIGKILLed', async () => {
    // A parent with a child (a library's workerd, say) and a reaper for it, killed without warning.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const child = spawn('sh', ['-c', 'trap "" TERM; exec sleep 30'], { stdio: 'ignore' });
         spawn(process.execPath, [${JSON.stringify(REAPER)}, String(child.pid)],
           { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
         console.log(child.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, REAPER_GRACE_MS: '300' } },
    );
    started.push(parent);
    const child = await new Promise<number>((resolve) =>
      parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isAlive(child)).toBe(true);
    parent.kill('SIGKILL');
    await until(() => !isAlive(child), 8000); // SIGTERM is ignored: SIGKILL after the grace
  });

  it('goes away without touching them once released', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    started.push(child);
    expect(childrenNamed('sleep')).toContain(child.pid);
    const reaper = reapOnExit([child.pid as number]);
    await until(() => isAlive(reaper.pid));
    reaper.release();
    await until(() => !isAlive(reaper.pid));
    expect(isAlive(child.pid as number)).toBe(true);
  });
});
