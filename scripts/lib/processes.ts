// Node only: what the local stack needs to know about other processes: whether one is alive, its command
// line, the members of a process group, who listens on a port, and stopping a whole group. Linux reads
// /proc; elsewhere `ps` and `lsof` answer where they can.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HAS_PROC = existsSync('/proc/self/stat');

export interface ProcessInfo {
  readonly pid: number;
  /** The executable's short name (`node`, `workerd`). */
  readonly name: string;
}

/** Whether `pid` is a live process (a zombie is not). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!HAS_PROC) return true;
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

function procStat(pid: number): { name: string; state: string; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone, or exited while we looked
  }
  // pid (comm) state ppid pgrp ...; comm may itself contain spaces and parentheses.
  const close = stat.lastIndexOf(')');
  const [state = '', , pgrp] = stat.slice(close + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, close), state, pgrp: Number(pgrp) };
}

/** The command line of `pid` (arguments joined by spaces), or '' when it cannot be read. */
export function commandLine(pid: number): string {
  if (HAS_PROC) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return '';
    }
  }
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Live (non-zombie) processes in process group `pgid`. */
export function processGroupMembers(pgid: number): ProcessInfo[] {
  if (!HAS_PROC) {
    try {
      const out = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,comm='], { encoding: 'utf8' });
      return out
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter(([, group, state]) => Number(group) === pgid && !state?.startsWith('Z'))
        .map(([pid, , , name]) => ({ pid: Number(pid), name: name ?? '' }));
    } catch {
      return [];
    }
  }
  const members: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.pgrp === pgid && stat.state !== 'Z')
      members.push({ pid: Number(entry), name: stat.name });
  }
  return members;
}

/** Sends `signal` to every process of group `pgid`; false when there is no such group any more. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until group `pgid` has no live process; false when `timeoutMs` passed first. */
export async function waitForEmptyGroup(pgid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (processGroupMembers(pgid).length > 0) {
    if (Date.now() > until) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Ends every process of group `pgid`: SIGTERM, then SIGKILL for what is left after `graceMs`. Throws
 * naming the processes that survived even SIGKILL.
 */
export async function stopProcessGroup(pgid: number, graceMs = 5000): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await waitForEmptyGroup(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  if (await waitForEmptyGroup(pgid, 5000)) return;
  const left = processGroupMembers(pgid).map((p) => `${p.pid} ${p.name}`);
  throw new Error(`process group ${pgid} left processes behind after SIGKILL: ${left.join(', ')}`);
}

/** Socket inodes listening on TCP `port` (IPv4 and IPv6), from /proc/net. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const [, local, , state, , , , , , inode] = fields;
      if (state === '0A' && local?.endsWith(`:${hexPort}`) && inode && inode !== '0')
        inodes.add(inode);
    }
  }
  return inodes;
}

/**
 * The process listening on TCP `port` on this machine, when it can be seen (on Linux only processes of
 * this user show their sockets); undefined when none can be named.
 */
export function portHolder(port: number): { pid: number; command: string } | undefined {
  if (!HAS_PROC) {
    try {
      const out = execFileSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const pid = Number(out.split('\n')[0]);
      return pid > 0 ? { pid, command: commandLine(pid) } : undefined;
    } catch {
      return undefined;
    }
  }
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(entry), command: commandLine(+entry) };
    }
  }
  return undefined;
}

/** "port 8787 (process 1234: node …/wrangler.js dev …)", for messages. */
export function describePort(port: number): string {
  const holder = portHolder(port);
  if (!holder) return `port ${port}`;
  const flat = holder.command.replace(/\s+/g, ' ');
  const command = flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
  return `port ${port} (process ${holder.pid}${command ? `: ${command}` : ''})`;
}

/** This process's children named `name` (Linux; elsewhere none can be told). */
export function childrenNamed(name: string): number[] {
  if (!HAS_PROC) return [];
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const [state, ppid] = stat.slice(close + 2).split(' ');
      if (
        Number(ppid) === process.pid &&
        state !== 'Z' &&
        stat.slice(stat.indexOf('(') + 1, close) === name
      )
        children.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return children;
}

const REAPER = fileURLToPath(new URL('./reaper.mjs', import.meta.url));

/**
 * Makes sure `pids` do not outlive this process, however it dies (reaper.mjs). `release()` once they
 * are stopped: the reaper goes, and leaves them alone.
 */
export function reapOnExit(pids: readonly number[]): { readonly pid: number; release(): void } {
  if (pids.length === 0) return { pid: 0, release: () => {} };
  const reaper = spawn(process.execPath, [REAPER, ...pids.map(String)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  reaper.stdin?.on('error', () => {});
  reaper.unref();
  (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    pid: reaper.pid ?? 0,
    release: () => {
      reaper.kill('SIGKILL');
    },
  };
}
