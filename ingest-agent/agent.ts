/** The agent's commands as functions: `run`, `backfill`, `status` and `acknowledge`, given their dependencies. */
import { join } from 'node:path';
import { fileKind } from '../stats/file-kind.ts';
import { readFileName } from '../stats/read.ts';
import { importSigningKey } from '../ingest-protocol/keys.ts';
import type { AgentConfig } from './config.ts';
import { type Delivery, startDelivery } from './delivery.ts';
import { startLive } from './live.ts';
import { acquireLock, lockHolder } from './lock.ts';
import type { Logger } from './log.ts';
import { fileOutcomes } from './outcomes.ts';
import { type Spool, openSpool, repairSpool } from './spool.ts';
import { type GamestatsWatcher, watchGamestats } from './watcher.ts';

export interface AgentDeps {
  readonly config: AgentConfig;
  readonly fetch: typeof fetch;
  readonly log: Logger;
  readonly now: () => Date;
  readonly random: () => number;
}

const RESCAN_SPOOL_MS = 5_000;
const lockPath = (config: AgentConfig) => join(config.spoolDir, 'agent.lock');

async function deliveryFor(deps: AgentDeps, spool: Spool): Promise<Delivery> {
  const keys = await Promise.all(deps.config.keys.map(importSigningKey));
  return startDelivery({
    spool,
    target: {
      url: deps.config.url,
      keys,
      fetch: deps.fetch,
      timeoutMs: deps.config.timeoutMs,
      ...(deps.config.statsLuaToken ? { statsLuaToken: deps.config.statsLuaToken } : {}),
    },
    concurrency: deps.config.concurrency,
    backoff: deps.config.backoff,
    log: deps.log,
    now: deps.now,
    random: deps.random,
    rescanMs: RESCAN_SPOOL_MS,
  });
}

function watcherFor(
  deps: AgentDeps,
  spool: Spool,
  accept: (f: { fileName: string; mtimeMs: number }) => boolean,
  live: boolean,
  delivery?: Delivery,
): GamestatsWatcher {
  const { config, log } = deps;
  return watchGamestats({
    dir: config.gamestatsDir,
    settleMs: config.settleMs,
    unreadableGraceMs: config.unreadableGraceMs,
    pollMs: config.pollMs,
    live,
    accept: (f) => !spool.isKnown(f) && accept(f),
    now: () => deps.now().getTime(),
    log,
    async onComplete(file) {
      const entry = await spool.enqueue(file, deps.now());
      if (!entry) return;
      const unreadable =
        file.read && !file.read.ok ? `line ${file.read.line}: ${file.read.reason}` : undefined;
      log.log(unreadable ? 'warn' : 'info', 'file.queued', {
        file: file.fileName,
        sha256: entry.sha256,
        size: file.size,
        ...(file.kind === 'endstats' ? { companion: 'endstats' } : {}),
        ...(unreadable ? { unreadable } : {}),
      });
      delivery?.add(entry);
    },
  });
}

/**
 * `run`: follows the gamestats folder until `signal` aborts, sending each complete file. Files written
 * while the agent was stopped are found by the first scan; only files modified since `config.since`
 * are taken (older ones are for `backfill`).
 */
export async function runAgent(
  deps: AgentDeps,
  signal: AbortSignal,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const spool = await openSpool(deps.config.spoolDir);
  const lock = await acquireLock(lockPath(deps.config));
  if (!lock.ok)
    return {
      ok: false,
      reason: `another agent (pid ${lock.heldBy}) already runs on spool ${deps.config.spoolDir}`,
    };
  try {
    await repairSpool(deps.config.spoolDir, deps.now());
    const delivery = await deliveryFor(deps, spool);
    const since = Date.parse(deps.config.since);
    const watcher = watcherFor(deps, spool, (f) => f.mtimeMs >= since, true, delivery);
    deps.log.log('info', 'agent.started', {
      gamestatsDir: deps.config.gamestatsDir,
      url: deps.config.url,
      since: deps.config.since,
      pid: process.pid,
    });
    await watcher.scan();
    const live = await startLive({
      config: deps.config,
      keys: await Promise.all(deps.config.keys.map(importSigningKey)),
      fetch: deps.fetch,
      log: deps.log,
      now: deps.now,
    });
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await live.stop();
    await watcher.stop();
    await delivery.stop();
    deps.log.log('info', 'agent.stopped', {});
    return { ok: true };
  } finally {
    await lock.release();
  }
}

/**
 * Whether a file belongs to a backfill from `since` (YYYY-MM-DD): by the date in its name (a
 * companion's is its round's), else its modification time.
 */
export function isSince(
  file: { fileName: string; mtimeMs: number },
  since: string | undefined,
): boolean {
  if (!since) return true;
  const kind = fileKind(file.fileName);
  const named = readFileName(kind.kind === 'endstats' ? kind.roundFileName : file.fileName);
  return named
    ? named.localTime.slice(0, 10) >= since
    : file.mtimeMs >= Date.parse(`${since}T00:00:00Z`);
}

/**
 * `backfill`: queues every complete file not sent yet (optionally only from `since`), then, unless a
 * running agent will do it, sends them and returns once the spool is empty.
 */
export async function backfill(
  deps: AgentDeps,
  options: { since?: string; signal: AbortSignal },
): Promise<{ queued: number; sentBy: 'this process' | number }> {
  const spool = await openSpool(deps.config.spoolDir);
  let queued = 0;
  const counting: Spool = {
    ...spool,
    enqueue: async (file, now) => {
      const entry = await spool.enqueue(file, now);
      if (entry) queued++;
      return entry;
    },
  };
  const watcher = watcherFor(deps, counting, (f) => isSince(f, options.since), false);
  await watcher.scan();
  await watcher.stop();
  deps.log.log('info', 'backfill.queued', { queued, since: options.since ?? null });

  const lock = await acquireLock(lockPath(deps.config));
  if (!lock.ok) return { queued, sentBy: lock.heldBy };
  try {
    await repairSpool(deps.config.spoolDir, deps.now());
    const delivery = await deliveryFor(deps, spool);
    await Promise.race([
      delivery.drained(),
      new Promise((resolve) => options.signal.addEventListener('abort', resolve, { once: true })),
    ]);
    await delivery.stop();
    return { queued, sentBy: 'this process' };
  } finally {
    await lock.release();
  }
}

export interface AgentStatus {
  readonly runningPid: number | null;
  readonly pending: readonly {
    file: string;
    queuedAt: string;
    attempts: number;
    nextAttemptAt: string | null;
    lastError: string | null;
  }[];
  /** Refused by the Worker for good (400, 413, 422 not a round file): never retried. A failure. */
  readonly failed: readonly { file: string; sha256: string; failedAt: string; reason: string }[];
  /** Files whose last delivery the Worker kept in quarantine (it could not read them). A failure. */
  readonly quarantined: readonly { file: string; sha256: string; at: string; reason: string }[];
  /** Files whose last delivery conflicts with another copy of the same name. A warning. */
  readonly conflicts: readonly { file: string; sha256: string; at: string; reason: string }[];
  readonly delivered: number;
  /** The last delivery the Worker could read (never a quarantined or unreadable copy). */
  readonly lastSuccess: { file: string; at: string; status: unknown } | null;
  /** Failures and warnings an admin acknowledged (`acknowledge`): no longer listed above. */
  readonly acknowledged: number;
}

/**
 * `status`: what waits, what was refused for good, what the Worker could not read or holds in two
 * versions, and the last success. Reads the spool only.
 */
export async function agentStatus(config: AgentConfig): Promise<AgentStatus> {
  const spool = await openSpool(config.spoolDir);
  const records = await spool.delivered();
  const { byFile, lastSuccess } = fileOutcomes(records);
  const seen = new Set((await spool.acknowledged()).map((a) => a.sha256));
  const failed = await spool.failed();
  const outcomes = [...byFile.values()];
  const listed = (kind: 'quarantined' | 'conflict') =>
    outcomes
      .filter((o) => !seen.has(o.sha256))
      .flatMap((o) =>
        o.state.kind === kind
          ? [{ file: o.file, sha256: o.sha256, at: o.at, reason: o.state.reason }]
          : [],
      )
      .sort((a, b) => a.at.localeCompare(b.at) || a.file.localeCompare(b.file));
  return {
    runningPid: await lockHolder(lockPath(config)),
    pending: (await spool.pending()).map((e) => ({
      file: e.fileName,
      queuedAt: e.queuedAt,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt,
      lastError: e.lastError,
    })),
    failed: failed
      .filter((e) => !seen.has(e.sha256))
      .map((e) => ({ file: e.fileName, sha256: e.sha256, failedAt: e.failedAt, reason: e.reason }))
      .sort((a, b) => a.failedAt.localeCompare(b.failedAt) || a.file.localeCompare(b.file)),
    quarantined: listed('quarantined'),
    conflicts: listed('conflict'),
    delivered: records.length,
    lastSuccess: lastSuccess
      ? {
          file: lastSuccess.fileName,
          at: lastSuccess.deliveredAt,
          status: lastSuccess.response.status,
        }
      : null,
    acknowledged:
      failed.filter((e) => seen.has(e.sha256)).length +
      outcomes.filter((o) => o.state.kind !== 'ok' && seen.has(o.sha256)).length,
  };
}

/**
 * `acknowledge`: the admin has seen what `status` lists as failed, quarantined or conflicting, and
 * `status` stops listing it (and failing for it); a file that fails later is listed again. Returns what
 * was acknowledged.
 */
export async function acknowledgeProblems(
  config: AgentConfig,
  now: Date,
): Promise<{ file: string; what: 'failed' | 'quarantined' | 'conflict' }[]> {
  const status = await agentStatus(config);
  const items = [
    ...status.failed.map((f) => ({ ...f, what: 'failed' as const })),
    ...status.quarantined.map((q) => ({ ...q, what: 'quarantined' as const })),
    ...status.conflicts.map((c) => ({ ...c, what: 'conflict' as const })),
  ];
  const spool = await openSpool(config.spoolDir);
  await spool.acknowledge(
    items.map((i) => ({ sha256: i.sha256, fileName: i.file, acknowledgedAt: now.toISOString() })),
  );
  return items.map((i) => ({ file: i.file, what: i.what }));
}
