import { readFileSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles } from '../test/support/corpus.ts';
import { REALDATA_DIR } from '../test/support/realdata.ts';
import { jsonLineLogger } from './log.ts';
import { type GamestatsWatcher, type WatchOptions, watchGamestats } from './watcher.ts';

const round = corpusFiles().find((f) => f.name === '2025-09-04-202728-frostbite-round-1.txt') as {
  name: string;
  bytes: Uint8Array;
};
/** A real endstats companion (its round is not in the corpus; the tests give it a corpus round's name). */
const companion = new Uint8Array(
  readFileSync(
    join(REALDATA_DIR, 'companions', '2026-01-12-224606-te_escape2-round-2-endstats.txt'),
  ),
);
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
    expect(handed[0]?.read?.ok).toBe(true);
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
    expect(handed[0]?.read?.ok).toBe(true);
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

  it('hands over an endstats companion as a companion, without reading it as a round', async () => {
    const { dir, handed } = await watching();
    const name = round.name.replace('.txt', '-endstats.txt');
    await writeFile(join(dir, name), companion);
    await until(() => handed.length > 0);
    expect(handed).toMatchObject([{ fileName: name, kind: 'endstats', read: null }]);
    expect(Buffer.from((handed[0] as Handed).bytes).equals(Buffer.from(companion))).toBe(true);
  });

  it('gives a companion whose last line has no line end the grace period to be finished', async () => {
    const { dir, handed } = await watching();
    const path = join(dir, round.name.replace('.txt', '-endstats.txt'));
    await writeFile(path, companion.subarray(0, companion.length - 2));
    await sleep(600);
    expect(handed).toHaveLength(0);
    await appendFile(path, companion.subarray(companion.length - 2));
    await until(() => handed.length > 0);
    expect(handed[0]?.size).toBe(companion.length);
  });

  it('takes files that were already complete at start without waiting, and skips what it must not take', async () => {
    const dir = await mkdtemp(join(scratch, 'dir-'));
    const old = new Date(Date.now() - 3_600_000);
    const stem = round.name.slice(0, -'.txt'.length);
    const names = [
      round.name,
      `${stem}-endstats.txt`,
      'not-a-stats-file.txt', // not a round's name: sent, for the Worker to quarantine
      `${stem}_ws.txt`,
      `${stem}-weird.txt`,
      '.hidden.txt',
      'notes.log',
      `${stem}.txt.bak`,
      'excluded.txt',
    ];
    for (const name of names) {
      await writeFile(join(dir, name), name.includes('endstats') ? companion : round.bytes);
      await utimes(join(dir, name), old, old);
    }
    await mkdir(join(dir, 'sub.txt'));
    const handed: string[] = [];
    const logs: Record<string, unknown>[] = [];
    const started = Date.now();
    watcher = watchGamestats({
      dir,
      settleMs: 2_000,
      unreadableGraceMs: 0,
      pollMs: 60_000,
      live: false,
      accept: (f) => f.fileName !== 'excluded.txt',
      onComplete: async (file) => void handed.push(file.fileName),
      log: jsonLineLogger((line) => void logs.push(JSON.parse(line))),
      now: () => Date.now(),
    });
    await watcher.scan();
    expect(handed.sort()).toEqual(
      [round.name, `${stem}-endstats.txt`, 'not-a-stats-file.txt'].sort(),
    );
    expect(Date.now() - started).toBeLessThan(1_000);

    // Skipped quietly: one debug line per file, however often the folder is scanned; never a warning.
    await watcher.scan();
    await watcher.scan();
    const skipped = logs.filter((l) => l.event === 'file.skipped');
    expect(skipped.map((l) => [l.file, l.level]).sort()).toEqual(
      [`${stem}-weird.txt`, `${stem}.txt.bak`, `${stem}_ws.txt`, 'notes.log']
        .sort()
        .map((f) => [f, 'debug']),
    );
    expect(skipped.find((l) => l.file === `${stem}_ws.txt`)?.reason).toMatch(/weapon-stats/);
    expect(logs.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
    expect(handed).toHaveLength(3);
  });

  it('notices a file created after start through file events, well within the 2 s latency budget', async () => {
    const { dir, handed } = await watching();
    const written = Date.now();
    await writeFile(join(dir, round.name), round.bytes);
    await until(() => handed.length > 0);
    expect(Date.now() - written).toBeLessThan(1_000);
  });
});
