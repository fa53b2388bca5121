// Node only: `.data/stack.json`, what a running `npm start` leaves for the next one: its process id and the
// process group of its `wrangler dev`. The next start reads it: an `npm start` still running in this
// checkout is reported (and nothing is started), and what a crashed one left behind (its wrangler dev and
// workerd, when even the group guard could not end them) is stopped before anything else starts.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandLine, isAlive, processGroupMembers, stopProcessGroup } from './processes.ts';

export interface StackRecord {
  /** The `npm start` process (scripts/start.ts under node). */
  readonly pid: number;
  /** Process group of its wrangler dev (group-guard.mjs, wrangler, workerd); undefined until spawned. */
  readonly wranglerGroup?: number;
  /** Where its Worker listens. */
  readonly port?: number;
  readonly startedAt: string;
}

export function stackRecordFile(dataDir: string): string {
  return join(dataDir, 'stack.json');
}

export async function readStackRecord(dataDir: string): Promise<StackRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(stackRecordFile(dataDir), 'utf8')) as StackRecord;
    return typeof record.pid === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStackRecord(dataDir: string, record: StackRecord): Promise<void> {
  await writeFile(stackRecordFile(dataDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** Removes the record when it is this process's own (a newer start may have replaced it). */
export async function removeStackRecord(dataDir: string, pid: number = process.pid): Promise<void> {
  if ((await readStackRecord(dataDir))?.pid === pid)
    await rm(stackRecordFile(dataDir), { force: true });
}

/** Why a start cannot go on (another `npm start` runs here, its port is taken): the message says it all. */
export class StartRefusedError extends Error {}

/** Whether group `pgid` still holds processes of a local stack (not some unrelated group reusing the id). */
function stackProcesses(pgid: number): { pid: number; name: string }[] {
  const members = processGroupMembers(pgid);
  const ours = members.some((member) =>
    /group-guard\.mjs|wrangler|workerd/.test(`${member.name} ${commandLine(member.pid)}`),
  );
  return ours ? members : [];
}

/**
 * Before a start: throws StartRefusedError (naming its process and port) when the recorded `npm start`
 * still runs; stops the recorded wrangler dev group when its `npm start` is gone but the group is not.
 * Returns what it did, for the log; undefined when there was nothing to do.
 */
export async function clearStaleStack(dataDir: string): Promise<string | undefined> {
  const record = await readStackRecord(dataDir);
  if (!record) return undefined;
  if (
    record.pid !== process.pid &&
    isAlive(record.pid) &&
    /start\.ts/.test(commandLine(record.pid))
  ) {
    const where = record.port === undefined ? '' : `, its Worker on port ${record.port}`;
    throw new StartRefusedError(
      `npm start is already running in this checkout (process ${record.pid}${where}). ` +
        `Stop it first (Ctrl+C in its terminal, or kill ${record.pid}).`,
    );
  }
  let note: string | undefined;
  const group = record.wranglerGroup;
  const left = group === undefined ? [] : stackProcesses(group);
  if (group !== undefined && left.length > 0) {
    await stopProcessGroup(group);
    const port = record.port === undefined ? '' : ` on port ${record.port}`;
    note =
      `Stopped what an earlier npm start (process ${record.pid}) left running${port}: ` +
      `${left.map((p) => `${p.name} ${p.pid}`).join(', ')} (process group ${group}).`;
  }
  await rm(stackRecordFile(dataDir), { force: true });
  return note;
}
