import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles } from '../test/support/corpus.ts';
import { jsonLineLogger } from './log.ts';
import { type GamestatsWatcher, type WatchOptions, watchGamestats } from './watcher.ts';

const round = corpusFiles().find((f) => f.name === '2025-09-04-202728-frostbite-round-1.txt') as {
  name: string;
  bytes: Uint8Array;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handed = Parameters<WatchOptions['onComplete']>[0];
let watcher: GamestatsWatcher | undefined;
afterEach(() => watcher?.stop());
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'etstats-gamestats-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function watching(options: Partial<WatchOptions> = {}) {
  const dir = await mkdtemp(join(scratch, 'dir-'));
  const handed: Handed[] = [];
  watcher = watchGamestats({
    dir,
    settleMs: 150,
    unreadableGraceMs: 1_500,
    pollMs: 60_000,
    live: true,
    accept: () => true,
    onComplete: async (file) => void handed.push(file),
    log: jsonLineLogger(() => {}),
    now: () => Date.now(),
    ...options,
  });
  await watcher.scan();
  return { dir, handed };
}

async function until(condition: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await sleep(20);
}

describe('watchGamestats', () => {
  it('hands over a file written in pieces once, complete, after it stops changing', async () => {
    const { dir, handed } = await watching();
    const path = join(dir, round.name);
    const cut = [0, 900, 1800, round.bytes.length];
    for (let i = 0; i < cut.length - 1; i++) {
      await appendFile(path, round.bytes.subarray(cut[i], cut[i + 1]));
      await sleep(60); // less than settleMs: still being written
    }
    await until(() => handed.length > 0);
    await sleep(400);
    expect(handed).toHaveLength(1);
    expect(Buffer.from((handed[0] as Handed).bytes).equals(Buffer.from(round.bytes))).toBe(true);
    expect(handed[0]?.read.ok).toBe(true);
  });

  it('gives a round cut short time to be finished before handing it over as it is', async () => {
    const { dir, handed } = await watching();
    const path = join(dir, round.name);
    await writeFile(path, round.bytes.subarray(0, round.bytes.length - 40));
    await sleep(600); // quiet longer than settleMs, but the last line is cut short
    expect(handed).toHaveLength(0);
    await appendFile(path, round.bytes.subarray(round.bytes.length - 40));
    await until(() => handed.length > 0);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.read.ok).toBe(true);
    expect(handed[0]?.size).toBe(round.bytes.length);
  });

  it('hands over a file that never becomes readable after the grace period, for quarantine', async () => {
    const { dir, handed } = await watching();
    const started = Date.now();
    await writeFile(join(dir, '2025-10-02-120000-garbage-round-1.txt'), 'not a round\n');
    await until(() => handed.length > 0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(handed[0]?.read).toMatchObject({ ok: false, line: 1 });
  });

  it('takes files that were already complete at start without waiting, and skips what it must not take', async () => {
    const dir = await mkdtemp(join(scratch, 'dir-'));
    const old = new Date(Date.now() - 3_600_000);
    for (const name of [round.name, 'old-mod_ws.txt', '.hidden.txt', 'notes.log', 'excluded.txt']) {
      await writeFile(join(dir, name), round.bytes);
      await utimes(join(dir, name), old, old);
    }
    await mkdir(join(dir, 'sub.txt'));
    const handed: string[] = [];
    const started = Date.now();
    watcher = watchGamestats({
      dir,
      settleMs: 2_000,
      unreadableGraceMs: 0,
      pollMs: 60_000,
      live: false,
      accept: (f) => f.fileName !== 'excluded.txt',
      onComplete: async (file) => void handed.push(file.fileName),
      log: jsonLineLogger(() => {}),
      now: () => Date.now(),
    });
    await watcher.scan();
    expect(handed).toEqual([round.name]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('notices a file created after start through file events, well within the 2 s latency budget', async () => {
    const { dir, handed } = await watching();
    const written = Date.now();
    await writeFile(join(dir, round.name), round.bytes);
    await until(() => handed.length > 0);
    expect(Date.now() - written).toBeLessThan(1_000);
  });
});
