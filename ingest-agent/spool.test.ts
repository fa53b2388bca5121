import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../stats/file-id.ts';
import { type GameFile, openSpool, repairSpool } from './spool.ts';

const NOW = new Date('2025-10-02T21:20:00Z');
const LATER = new Date(Date.now() + 10 * 60_000);
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'etstats-spool-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));
const fresh = () => mkdtemp(join(scratch, 'spool-'));

function gameFile(name: string, text: string, mtimeMs = 1_000): GameFile {
  const bytes = new TextEncoder().encode(text);
  return { path: `/srv/et/gamestats/${name}`, fileName: name, bytes, size: bytes.length, mtimeMs };
}

describe('spool', () => {
  it('keeps a queued copy of the bytes across a reopen (restart)', async () => {
    const dir = await fresh();
    const entry = await (await openSpool(dir)).enqueue(gameFile('a.txt', 'round a\n'), NOW);
    const reopened = await openSpool(dir);
    const [pending] = await reopened.pending();
    expect(pending).toEqual(entry);
    expect(
      new TextDecoder().decode(await reopened.bytesOf(pending as NonNullable<typeof pending>)),
    ).toBe('round a\n');
    expect(reopened.isKnown({ fileName: 'a.txt', size: 8, mtimeMs: 1_000 })).toBe(true);
  });

  it('does not queue a file twice: not while pending, not once delivered or refused, not after a restart', async () => {
    const dir = await fresh();
    const spool = await openSpool(dir);
    const a = await spool.enqueue(gameFile('a.txt', 'A'), NOW);
    const b = await spool.enqueue(gameFile('b.txt', 'B'), NOW);
    expect(await spool.enqueue(gameFile('a.txt', 'A'), NOW)).toBeNull();
    await spool.markDelivered(a as NonNullable<typeof a>, {
      deliveredAt: NOW.toISOString(),
      httpStatus: 201,
      response: { status: 'imported' },
    });
    await spool.markFailed(b as NonNullable<typeof b>, 'HTTP 413: too large', NOW);
    const reopened = await openSpool(dir);
    // Same bytes under another name or time are the same file to the Worker: still known.
    expect(await reopened.enqueue(gameFile('a-copy.txt', 'A', 5), NOW)).toBeNull();
    expect(await reopened.enqueue(gameFile('b.txt', 'B'), NOW)).toBeNull();
    expect(await reopened.pending()).toEqual([]);
    expect((await reopened.delivered()).map((d) => d.fileName)).toEqual(['a.txt']);
    expect(await reopened.failed()).toMatchObject([
      { fileName: 'b.txt', reason: 'HTTP 413: too large' },
    ]);
  });

  it('persists retry state (attempts, next attempt, last error)', async () => {
    const dir = await fresh();
    const spool = await openSpool(dir);
    const entry = await spool.enqueue(gameFile('a.txt', 'A'), NOW);
    await spool.recordAttempt(
      entry as NonNullable<typeof entry>,
      'HTTP 503: database unavailable',
      new Date('2025-10-02T21:21:00Z'),
    );
    expect(await (await openSpool(dir)).pending()).toMatchObject([
      {
        attempts: 1,
        lastError: 'HTTP 503: database unavailable',
        nextAttemptAt: '2025-10-02T21:21:00.000Z',
      },
    ]);
  });

  it('recovers from a torn ledger line without losing the next delivery', async () => {
    const dir = await fresh();
    const spool = await openSpool(dir);
    const a = await spool.enqueue(gameFile('a.txt', 'A'), NOW);
    await spool.markDelivered(a as NonNullable<typeof a>, {
      deliveredAt: NOW.toISOString(),
      httpStatus: 201,
      response: { status: 'imported' },
    });
    await writeFile(
      join(dir, 'delivered.jsonl'),
      `${await readFile(join(dir, 'delivered.jsonl'), 'utf8')}{"sha256":"ab`,
    );
    await repairSpool(dir, NOW);
    const reopened = await openSpool(dir);
    const b = await reopened.enqueue(gameFile('b.txt', 'B'), NOW);
    await reopened.markDelivered(b as NonNullable<typeof b>, {
      deliveredAt: NOW.toISOString(),
      httpStatus: 201,
      response: { status: 'imported' },
    });
    expect((await (await openSpool(dir)).delivered()).map((d) => d.fileName)).toEqual([
      'a.txt',
      'b.txt',
    ]);
  });

  it('survives SIGKILL at any point: every committed entry has its exact bytes, the rest is tidied away', async () => {
    const dir = await fresh();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures/enqueue-forever.ts'), dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 200));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    await repairSpool(dir, LATER);
    const spool = await openSpool(dir);
    const pending = await spool.pending();
    const delivered = await spool.delivered();
    expect(pending.length + delivered.length).toBeGreaterThan(5);
    for (const entry of pending)
      expect(await sha256Hex(await spool.bytesOf(entry))).toBe(entry.sha256);
    const left = await readdir(join(dir, 'pending'));
    expect(left.filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(left.length).toBe(pending.length * 2);
    // Nothing delivered is pending as well, except at most the one being delivered when killed.
    const deliveredSha = new Set(delivered.map((d) => d.sha256));
    expect(pending.filter((p) => deliveredSha.has(p.sha256)).length).toBeLessThanOrEqual(1);
  });

  it('leaves young temporary files alone: they may be another process at work', async () => {
    const dir = await fresh();
    await openSpool(dir);
    await writeFile(join(dir, 'pending', '.tmp-x.json.1234'), '{');
    await repairSpool(dir, new Date());
    expect(await readdir(join(dir, 'pending'))).toEqual(['.tmp-x.json.1234']);
  });
});
