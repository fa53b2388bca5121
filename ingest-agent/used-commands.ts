/**
 * The command ids this agent has taken, kept in the spool folder so that a restart cannot run one again:
 * an id is written (and synced) before its command runs.
 */
import { appendFile, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'commands-used.jsonl';
/** Ids older than this are forgotten at start: a command is valid for a minute only. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export interface UsedCommands {
  has(id: string): boolean;
  /** Records the id durably; false when it was already there. */
  take(id: string, at: Date): Promise<boolean>;
}

export async function openUsedCommands(spoolDir: string, now: Date): Promise<UsedCommands> {
  const path = join(spoolDir, FILE);
  const used = new Set<string>();
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as { id?: unknown; at?: unknown };
      if (typeof entry.id === 'string' && Date.parse(String(entry.at)) > now.getTime() - KEEP_MS)
        used.add(entry.id);
    } catch {
      // A line cut short by a crash names no id that ran: its command was not started.
    }
  }
  return {
    has: (id) => used.has(id),
    async take(id, at) {
      if (used.has(id)) return false;
      used.add(id);
      await appendFile(path, `${JSON.stringify({ id, at: at.toISOString() })}\n`, { mode: 0o600 });
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      return true;
    },
  };
}
