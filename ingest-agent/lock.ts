import { readFileSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';

export type LockResult =
  | { readonly ok: true; release(): Promise<void> }
  | { readonly ok: false; readonly heldBy: number };

/**
 * Who holds a lock: the pid, and on Linux the boot id and the process's start time, because after a
 * reboot (or a long time) the same pid can belong to an unrelated process.
 */
function identity(pid: number): string | null {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    // Field 22 of /proc/<pid>/stat, counted after the parenthesised command name (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return `${pid} ${boot} ${started}`;
  } catch {
    return String(pid); // not Linux: the pid alone
  }
}

/** The pid of the agent that holds the lock, or null when none runs. */
export async function lockHolder(path: string): Promise<number | null> {
  const recorded = (await readFile(path, 'utf8').catch(() => '')).trim();
  const pid = Number(recorded.split(' ')[0]);
  return Number.isInteger(pid) && pid > 0 && identity(pid) === recorded ? pid : null;
}

/**
 * One agent process sends from a spool at a time. The lock file names its owner; a lock whose owner
 * is gone (SIGKILL, reboot) is taken over.
 */
export async function acquireLock(path: string, pid = process.pid): Promise<LockResult> {
  // link() creates the lock with its content in one step: nobody ever sees an empty lock file.
  const temp = `${path}.${pid}`;
  await writeFile(temp, identity(pid) ?? String(pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(temp, path);
        return { ok: true, release: () => rm(path, { force: true }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = await lockHolder(path);
        if (holder !== null) return { ok: false, heldBy: holder };
        await rm(path, { force: true });
      }
    }
    throw new Error(`could not take the lock ${path}`);
  } finally {
    await rm(temp, { force: true });
  }
}
