/**
 * Watches the game's `gamestats/` folder and hands over each file once it is completely written.
 * Read-only by design: it stats, lists and reads; it never opens a game file for writing, never
 * renames, moves or deletes one.
 *
 * What it takes, from the name alone (`intakeOf`): round files, endstats companions
 * (`…-round-N-endstats.txt`) and any other `.txt` (the Worker quarantines a file whose name is not a
 * round's, for an admin to see). It skips, without reading them, `_ws.txt` and other round companions
 * of no use, files that are not `.txt`, and hidden files.
 *
 * "Complete" = its size and modification time have not changed for `settleMs` (the mod writes a file
 * in one go, ~3 s after the round), and it still has that size after being read. A file that does not
 * look finished yet (a round it cannot read; a companion whose last line has no line end) gets
 * `unreadableGraceMs` of quiet before it is handed over as it is (the Worker then keeps an unreadable
 * round in quarantine with the reason).
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readStatsFile } from '../stats/read.ts';
import type { ReadResult } from '../stats/round.ts';
import { intakeOf } from './intake.ts';
import type { Logger } from './log.ts';
import type { GameFile } from './spool.ts';

/** Hidden files (editors', rsync's temporaries) are not even looked at. */
const isHidden = (fileName: string) => fileName.startsWith('.');

/** A complete file ready to be queued: `read` is the agent's reading of a round, null for a companion. */
export type HandedFile = GameFile & {
  readonly kind: 'round' | 'endstats' | 'stats-lua' | 'other';
  readonly read: ReadResult | null;
};

export interface WatchOptions {
  readonly dir: string;
  readonly settleMs: number;
  readonly unreadableGraceMs: number;
  /**
   * Live: follow file events, and rescan every `pollMs` to catch what events missed (network file
   * systems, overflows). Not live: only explicit `scan()`s (backfill).
   */
  readonly live: boolean;
  readonly pollMs: number;
  /** Whether a file is of interest at all (not already queued, not before the agent's start date...). */
  readonly accept: (file: { fileName: string; size: number; mtimeMs: number }) => boolean;
  readonly onComplete: (file: HandedFile) => Promise<void>;
  readonly log: Logger;
  readonly now: () => number;
}

export interface GamestatsWatcher {
  /** Lists the folder and checks every file (also run at start and every `pollMs`). */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

export function watchGamestats(options: WatchOptions): GamestatsWatcher {
  const seen = new Map<
    string,
    { size: number; mtimeMs: number; changedAt: number; handed: boolean }
  >();
  const timers = new Map<string, NodeJS.Timeout>();
  const busy = new Map<string, Promise<void>>();
  /** Names skipped and logged already: one log line per file and run at most. */
  const skipped = new Set<string>();
  let watcher: FSWatcher | null = null;
  let stopped = false;

  const later = (name: string, ms: number) => {
    if (stopped) return;
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => void check(name), Math.max(ms, 10)),
    );
  };

  const check = (name: string): Promise<void> => {
    timers.delete(name);
    if (stopped) return Promise.resolve();
    const running = busy.get(name);
    if (running) {
      // It may have changed since that inspection stat'ed it: look again once it is done.
      void running.then(() => later(name, 10));
      return running;
    }
    const task = inspect(name)
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT')
          options.log.log('warn', 'watch.read_failed', { file: name, error: error.message });
        seen.delete(name);
      })
      .finally(() => busy.delete(name));
    busy.set(name, task);
    return task;
  };

  async function inspect(name: string): Promise<void> {
    if (skipped.has(name)) return; // decided by its name: nothing to look at again
    const path = join(options.dir, name);
    const st = await stat(path);
    const file = { fileName: name, size: st.size, mtimeMs: st.mtimeMs };
    if (!st.isFile() || !options.accept(file)) {
      seen.delete(name);
      return;
    }
    const intake = intakeOf(name);
    if (!intake.take) {
      skipped.add(name);
      options.log.log('debug', 'file.skipped', { file: name, reason: intake.reason });
      return;
    }
    const now = options.now();
    const last = seen.get(name);
    const changed = !last || last.size !== st.size || last.mtimeMs !== st.mtimeMs;
    if (!changed && last.handed) return;
    // On first sight, the modification time tells how long the file has been quiet already.
    const changedAt = changed ? (last ? now : Math.min(st.mtimeMs, now)) : last.changedAt;
    seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, changedAt, handed: false });
    const quietMs = now - Math.max(changedAt, Math.min(st.mtimeMs, now));
    if (quietMs < options.settleMs) return later(name, options.settleMs - quietMs);

    const bytes = new Uint8Array(await readFile(path));
    const after = await stat(path);
    if (bytes.length !== st.size || after.size !== st.size || after.mtimeMs !== st.mtimeMs) {
      seen.set(name, {
        size: after.size,
        mtimeMs: after.mtimeMs,
        changedAt: options.now(),
        handed: false,
      });
      return later(name, options.settleMs);
    }
    const read = intake.kind === 'endstats' ? null : readStatsFile(name, bytes);
    const looksFinished = read ? read.ok : bytes.at(-1) === 0x0a;
    if (!looksFinished && quietMs < options.unreadableGraceMs)
      return later(name, options.unreadableGraceMs - quietMs);
    await options.onComplete({ ...file, path, bytes, kind: intake.kind, read });
    seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, changedAt, handed: true });
  }

  const arm = () => {
    if (watcher || stopped || !options.live) return;
    try {
      watcher = watch(options.dir, { persistent: false }, (_event, name) => {
        if (name && !isHidden(name)) void check(name);
      });
      watcher.on('error', (error) => {
        options.log.log('warn', 'watch.error', { dir: options.dir, error: error.message });
        watcher?.close();
        watcher = null;
      });
    } catch (error) {
      options.log.log('warn', 'watch.unavailable', {
        dir: options.dir,
        error: (error as Error).message,
      });
    }
  };

  const scan = async () => {
    arm();
    let names: string[];
    try {
      names = await readdir(options.dir);
    } catch (error) {
      options.log.log('warn', 'watch.list_failed', {
        dir: options.dir,
        error: (error as Error).message,
      });
      return;
    }
    for (const name of names.filter((n) => !isHidden(n)).sort()) await check(name);
  };

  const poll = options.live ? setInterval(() => void scan(), options.pollMs) : undefined;
  return {
    scan,
    async stop() {
      stopped = true;
      clearInterval(poll);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      watcher?.close();
      await Promise.allSettled([...busy.values()]);
    },
  };
}
