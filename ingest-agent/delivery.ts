/**
 * Sends the spool's entries to the Worker: a few at a time, oldest file first, each retried with
 * exponential backoff and jitter until the Worker has it (imported, duplicate, conflicting copy,
 * companion or quarantined) or refuses it for good. Retry state lives in the spool, so a restart neither
 * forgets nor hammers.
 */
import { type BackoffSettings, retryDelayMs } from './backoff.ts';
import type { Logger } from './log.ts';
import type { Spool, SpoolEntry } from './spool.ts';
import { type UploadTarget, uploadFile } from './upload.ts';
import { intakeOf } from './intake.ts';

export interface DeliveryOptions {
  readonly spool: Spool;
  readonly target: UploadTarget;
  readonly concurrency: number;
  readonly backoff: BackoffSettings;
  readonly log: Logger;
  readonly now: () => Date;
  readonly random: () => number;
  /** Entries another process (`backfill`) queued are picked up this often. */
  readonly rescanMs: number;
}

export interface Delivery {
  /** Hands over an entry this process just queued. */
  add(entry: SpoolEntry): void;
  /** Resolves when the spool is empty: everything delivered or refused for good. */
  drained(): Promise<void>;
  /** Stops taking new uploads and waits for the ones in flight. */
  stop(): Promise<void>;
}

export function startDelivery(options: DeliveryOptions): Delivery {
  const { spool, log } = options;
  const queue = new Map<string, SpoolEntry>();
  const inFlight = new Map<string, Promise<void>>();
  let stopped = false;
  let wake: () => void = () => {};
  const drainWaiters: (() => void)[] = [];

  const dueAt = (e: SpoolEntry) => (e.nextAttemptAt ? Date.parse(e.nextAttemptAt) : 0);

  async function deliver(entry: SpoolEntry): Promise<void> {
    const intake = intakeOf(entry.fileName);
    if (!intake.take) {
      // Queued by an older agent that still took such names: not sent, not a failure.
      await spool.discard(entry);
      queue.delete(entry.sha256);
      log.log('debug', 'file.skipped', { file: entry.fileName, reason: intake.reason });
      return;
    }
    const started = Date.now();
    let bytes: Uint8Array;
    try {
      bytes = await spool.bytesOf(entry);
    } catch {
      queue.delete(entry.sha256); // delivered meanwhile by another agent process
      return;
    }
    const result = await uploadFile(
      options.target,
      { fileName: entry.fileName, bytes },
      options.now(),
    );
    const ms = Date.now() - started;
    const at = options.now();
    if (result.kind === 'delivered') {
      await spool.markDelivered(entry, {
        deliveredAt: at.toISOString(),
        httpStatus: result.httpStatus,
        response: result.response,
      });
      queue.delete(entry.sha256);
      const { response } = result;
      const level =
        response.status === 'quarantined' || response.status === 'conflict' ? 'warn' : 'info';
      log.log(level, 'upload.delivered', {
        file: entry.fileName,
        sha256: entry.sha256,
        httpStatus: result.httpStatus,
        attempts: entry.attempts + 1,
        ms,
        ...response,
      });
      if (typeof response.disagreement === 'string') {
        log.log('error', 'upload.disagreement', {
          file: entry.fileName,
          disagreement: response.disagreement,
          hint: 'the agent and the Worker read this file differently: update the agent',
        });
      }
    } else if (result.kind === 'refused') {
      await spool.markFailed(entry, result.reason, at);
      queue.delete(entry.sha256);
      log.log('error', 'upload.refused', {
        file: entry.fileName,
        sha256: entry.sha256,
        httpStatus: result.httpStatus,
        reason: result.reason,
      });
    } else {
      const delayMs = retryDelayMs(
        entry.attempts + 1,
        options.random,
        options.backoff,
        result.retryAfterMs,
      );
      const next = await spool.recordAttempt(
        entry,
        result.reason,
        new Date(at.getTime() + delayMs),
      );
      queue.set(entry.sha256, next);
      log.log('warn', 'upload.retry', {
        file: entry.fileName,
        attempt: next.attempts,
        delayMs,
        reason: result.reason,
      });
    }
  }

  function start(entry: SpoolEntry) {
    const task = deliver(entry)
      .catch((error: Error) => {
        // The spool itself failed (disk full?): keep the entry, try again later.
        const retry = {
          ...entry,
          nextAttemptAt: new Date(Date.now() + options.backoff.capMs).toISOString(),
        };
        queue.set(entry.sha256, retry);
        log.log('error', 'spool.failed', { file: entry.fileName, error: error.message });
      })
      .finally(() => {
        inFlight.delete(entry.sha256);
        wake();
      });
    inFlight.set(entry.sha256, task);
  }

  async function refresh() {
    const onDisk = await spool.pending();
    const present = new Set(onDisk.map((e) => e.sha256));
    for (const entry of onDisk)
      if (!queue.has(entry.sha256) && !inFlight.has(entry.sha256)) queue.set(entry.sha256, entry);
    for (const sha of queue.keys()) if (!present.has(sha) && !inFlight.has(sha)) queue.delete(sha);
  }

  async function loop() {
    let lastRefresh = 0;
    while (!stopped) {
      if (Date.now() - lastRefresh >= options.rescanMs) {
        await refresh().catch((error: Error) =>
          log.log('error', 'spool.list_failed', { error: error.message }),
        );
        lastRefresh = Date.now();
      }
      const now = options.now().getTime();
      const idle = () => [...queue.values()].filter((e) => !inFlight.has(e.sha256));
      for (const entry of idle().sort((a, b) => a.fileName.localeCompare(b.fileName))) {
        if (inFlight.size >= options.concurrency) break;
        if (dueAt(entry) <= now) start(entry);
      }
      if (queue.size === 0 && inFlight.size === 0)
        for (const done of drainWaiters.splice(0)) done();
      // Sleep until the next retry is due or the next rescan; a finished upload or a new entry wakes it early.
      let nextDue = Number.POSITIVE_INFINITY;
      if (inFlight.size < options.concurrency)
        for (const entry of idle()) nextDue = Math.min(nextDue, dueAt(entry));
      const sleepMs = Math.min(nextDue - now, options.rescanMs - (Date.now() - lastRefresh));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(sleepMs, 5));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  const running = loop();
  return {
    add(entry) {
      queue.set(entry.sha256, entry);
      wake();
    },
    drained: () =>
      new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        wake();
      }),
    async stop() {
      stopped = true;
      wake();
      await running;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
