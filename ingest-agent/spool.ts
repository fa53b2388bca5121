/**
 * The agent's persistent queue. A complete game file is copied here before anything is sent, so an
 * upload survives restarts, SIGKILL and reboots, and does not depend on the game keeping its file.
 *
 * ```
 * <spool>/pending/<sha256>.txt    the file's bytes (written first)
 * <spool>/pending/<sha256>.json   its entry: name, source, attempts, next attempt (written second: the commit point)
 * <spool>/failed/<sha256>.json    an entry the Worker refused for good (413, 400, 422 not a round ...), with the reason
 * <spool>/delivered.jsonl         one line per delivered file, with the Worker's answer
 * <spool>/acknowledged.jsonl      failures and warnings an admin has seen (`etstats-agent acknowledge`)
 * ```
 * Delivery appends to the ledger first and removes the entry after, so a crash in between re-sends the
 * file, and the Worker answers "duplicate": at-least-once here, exactly-once in the database.
 */
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../stats/file-id.ts';
import { TEMP_PREFIX, appendLineDurably, writeFileDurably } from './durable.ts';

/** A complete file found in the game's folder. */
export interface GameFile {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface SpoolEntry {
  readonly sha256: string;
  readonly fileName: string;
  readonly sourcePath: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly queuedAt: string;
  readonly attempts: number;
  /** ISO time before which the entry is not retried; null: send now. */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
}

export interface DeliveryRecord {
  readonly sha256: string;
  readonly fileName: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly deliveredAt: string;
  readonly httpStatus: number;
  /**
   * The Worker's answer: imported, duplicate, conflict, companion or quarantined (with its ids, or line
   * and reason).
   */
  readonly response: Record<string, unknown>;
}

export interface FailedEntry extends SpoolEntry {
  readonly failedAt: string;
  readonly reason: string;
}

/** A failure or warning `status` no longer lists: the admin has seen it. */
export interface Acknowledgement {
  readonly sha256: string;
  readonly fileName: string;
  readonly acknowledgedAt: string;
}

export interface Spool {
  readonly dir: string;
  /** Copies a complete game file into the queue; null when it is already queued, delivered or failed. */
  enqueue(file: GameFile, now: Date): Promise<SpoolEntry | null>;
  /** True when this exact file (name, size, modification time) was queued before: no need to read it. */
  isKnown(file: { fileName: string; size: number; mtimeMs: number }): boolean;
  /** Entries waiting to be sent, oldest file name first; read from disk, so entries another process queued appear. */
  pending(): Promise<SpoolEntry[]>;
  bytesOf(entry: SpoolEntry): Promise<Uint8Array>;
  recordAttempt(entry: SpoolEntry, error: string, nextAttemptAt: Date): Promise<SpoolEntry>;
  markDelivered(
    entry: SpoolEntry,
    record: Omit<DeliveryRecord, 'sha256' | 'fileName' | 'size' | 'mtimeMs'>,
  ): Promise<void>;
  markFailed(entry: SpoolEntry, reason: string, now: Date): Promise<void>;
  /** Drops a pending entry without sending it (a file the agent no longer takes). */
  discard(entry: SpoolEntry): Promise<void>;
  failed(): Promise<FailedEntry[]>;
  delivered(): Promise<DeliveryRecord[]>;
  acknowledge(items: readonly Acknowledgement[]): Promise<void>;
  acknowledged(): Promise<Acknowledgement[]>;
}

const signature = (f: { fileName: string; size: number; mtimeMs: number }) =>
  `${f.fileName}\u0000${f.size}\u0000${f.mtimeMs}`;

async function readJsonLines<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a line torn by a crash mid-append: its file is still pending and will be delivered again
    }
  }
  return out;
}

async function readEntries<T>(dir: string): Promise<T[]> {
  const names = (await readdir(dir)).filter(
    (n) => n.endsWith('.json') && !n.startsWith(TEMP_PREFIX),
  );
  const entries = await Promise.all(
    names.map((n) =>
      readFile(join(dir, n), 'utf8').then(
        (t) => JSON.parse(t) as T,
        () => null,
      ),
    ),
  );
  return entries.filter((e): e is Awaited<T> => e !== null) as T[];
}

/** Whatever a crash leaves is this old at least; younger files may belong to another process at work. */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Tidies what a crash may have left: temporary files, bytes whose entry was never committed, a torn
 * last ledger line (which would otherwise swallow the next line appended). Call it holding the lock.
 */
export async function repairSpool(dir: string, now: Date): Promise<void> {
  const pendingDir = join(dir, 'pending');
  const ledger = join(dir, 'delivered.jsonl');
  const ledgerText = await readFile(ledger, 'utf8').catch(() => '');
  if (ledgerText.length > 0 && !ledgerText.endsWith('\n')) await appendLineDurably(ledger, '');
  for (const sub of [pendingDir, join(dir, 'failed')]) {
    const names = await readdir(sub);
    const committed = new Set(
      names
        .filter((n) => n.endsWith('.json') && !n.startsWith(TEMP_PREFIX))
        .map((n) => n.slice(0, -5)),
    );
    for (const name of names) {
      if (
        !name.startsWith(TEMP_PREFIX) &&
        !(name.endsWith('.txt') && !committed.has(name.slice(0, -4)))
      )
        continue;
      const st = await stat(join(sub, name)).catch(() => null);
      if (st && now.getTime() - st.mtimeMs > ABANDONED_AFTER_MS)
        await rm(join(sub, name), { force: true });
    }
  }
}

/** Opens (creating) a spool directory. Several processes may open one; only the lock holder sends. */
export async function openSpool(dir: string): Promise<Spool> {
  const pendingDir = join(dir, 'pending');
  const failedDir = join(dir, 'failed');
  const ledger = join(dir, 'delivered.jsonl');
  const acknowledgements = join(dir, 'acknowledged.jsonl');
  await mkdir(pendingDir, { recursive: true });
  await mkdir(failedDir, { recursive: true });

  const knownSha = new Set<string>();
  const knownFiles = new Set<string>();
  const remember = (e: { sha256: string; fileName: string; size: number; mtimeMs: number }) => {
    knownSha.add(e.sha256);
    knownFiles.add(signature(e));
  };
  for (const e of await readJsonLines<DeliveryRecord>(ledger)) remember(e);
  for (const e of await readEntries<SpoolEntry>(pendingDir)) remember(e);
  for (const e of await readEntries<FailedEntry>(failedDir)) remember(e);

  const entryPath = (sha: string, ext: 'json' | 'txt') => join(pendingDir, `${sha}.${ext}`);
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  return {
    dir,
    isKnown: (file) => knownFiles.has(signature(file)),

    async enqueue(file, now) {
      const sha256 = await sha256Hex(file.bytes);
      const wasKnown = knownSha.has(sha256) || (await exists(entryPath(sha256, 'json')));
      remember({ sha256, fileName: file.fileName, size: file.size, mtimeMs: file.mtimeMs });
      if (wasKnown) return null;
      const entry: SpoolEntry = {
        sha256,
        fileName: file.fileName,
        sourcePath: file.path,
        size: file.size,
        mtimeMs: file.mtimeMs,
        queuedAt: now.toISOString(),
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
      };
      await writeFileDurably(entryPath(sha256, 'txt'), file.bytes);
      await writeFileDurably(entryPath(sha256, 'json'), JSON.stringify(entry));
      return entry;
    },

    async pending() {
      const entries = await readEntries<SpoolEntry>(pendingDir);
      for (const e of entries) remember(e);
      return entries.sort(
        (a, b) => a.fileName.localeCompare(b.fileName) || a.queuedAt.localeCompare(b.queuedAt),
      );
    },

    async bytesOf(entry) {
      return new Uint8Array(await readFile(entryPath(entry.sha256, 'txt')));
    },

    async recordAttempt(entry, error, nextAttemptAt) {
      const next: SpoolEntry = {
        ...entry,
        attempts: entry.attempts + 1,
        lastError: error,
        nextAttemptAt: nextAttemptAt.toISOString(),
      };
      await writeFileDurably(entryPath(entry.sha256, 'json'), JSON.stringify(next));
      return next;
    },

    async markDelivered(entry, record) {
      const line: DeliveryRecord = {
        sha256: entry.sha256,
        fileName: entry.fileName,
        size: entry.size,
        mtimeMs: entry.mtimeMs,
        ...record,
      };
      await appendLineDurably(ledger, JSON.stringify(line));
      await rm(entryPath(entry.sha256, 'json'), { force: true });
      await rm(entryPath(entry.sha256, 'txt'), { force: true });
    },

    async markFailed(entry, reason, now) {
      const failed: FailedEntry = { ...entry, failedAt: now.toISOString(), reason };
      await writeFileDurably(join(failedDir, `${entry.sha256}.json`), JSON.stringify(failed));
      await rm(entryPath(entry.sha256, 'json'), { force: true });
      await rm(entryPath(entry.sha256, 'txt'), { force: true });
    },

    async discard(entry) {
      await rm(entryPath(entry.sha256, 'json'), { force: true });
      await rm(entryPath(entry.sha256, 'txt'), { force: true });
    },

    failed: () => readEntries<FailedEntry>(failedDir),
    delivered: () => readJsonLines<DeliveryRecord>(ledger),

    async acknowledge(items) {
      if (items.length === 0) return;
      // A line torn by a crash would swallow the next one: end it first.
      const text = await readFile(acknowledgements, 'utf8').catch(() => '');
      if (text.length > 0 && !text.endsWith('\n')) await appendLineDurably(acknowledgements, '');
      await appendLineDurably(acknowledgements, items.map((i) => JSON.stringify(i)).join('\n'));
    },
    acknowledged: () => readJsonLines<Acknowledgement>(acknowledgements),
  };
}
