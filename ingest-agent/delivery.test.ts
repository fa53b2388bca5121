import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importSigningKey, type SigningKey } from '../ingest-protocol/keys.ts';
import { startDelivery } from './delivery.ts';
import { jsonLineLogger } from './log.ts';
import { type GameFile, openSpool } from './spool.ts';

const NOW = new Date('2025-10-02T21:20:00Z');
const ROUND = '2025-10-02-211808-etl_adlernest-round-1.txt';
let key: SigningKey;
let scratch: string;
beforeAll(async () => {
  key = await importSigningKey(await generateKeyPair());
  scratch = await mkdtemp(join(tmpdir(), 'etstats-delivery-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function gameFile(name: string, text: string): GameFile {
  const bytes = new TextEncoder().encode(text);
  return {
    path: `/srv/et/gamestats/${name}`,
    fileName: name,
    bytes,
    size: bytes.length,
    mtimeMs: 1,
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Queues the files, then runs a delivery against a Worker that answers per file name, until the spool is empty. */
async function deliverAll(
  files: readonly GameFile[],
  answers: Record<string, () => Response>,
): Promise<{
  dir: string;
  requests: string[];
  logs: Record<string, unknown>[];
}> {
  const dir = await mkdtemp(join(scratch, 'spool-'));
  const spool = await openSpool(dir);
  for (const file of files) await spool.enqueue(file, NOW);
  const requests: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const delivery = startDelivery({
    spool,
    target: {
      url: 'https://etstats.test/ingest',
      keys: [key],
      timeoutMs: 1_000,
      fetch: async (_url, init) => {
        const { fileName } = JSON.parse(new TextDecoder().decode(init?.body as Uint8Array));
        requests.push(fileName);
        const answer = answers[fileName];
        if (!answer) throw new Error(`no answer for ${fileName}`);
        return answer();
      },
    },
    concurrency: 2,
    backoff: { baseMs: 10, capMs: 50 },
    log: jsonLineLogger((line) => void logs.push(JSON.parse(line))),
    now: () => new Date(),
    random: () => 0.5,
    rescanMs: 50,
  });
  await delivery.drained();
  await delivery.stop();
  return { dir, requests, logs };
}

describe('delivery of the Worker answers', () => {
  it('is done with a companion, a conflicting copy and a quarantine: each in the ledger with its answer', async () => {
    const companion = ROUND.replace('.txt', '-endstats.txt');
    const { dir, requests, logs } = await deliverAll(
      [gameFile(ROUND, 'round\n'), gameFile(companion, 'awards\n'), gameFile('odd.txt', 'x')],
      {
        [ROUND]: () => json(200, { status: 'conflict', fileId: 9, keptFileId: 4 }),
        [companion]: () => json(201, { status: 'companion', fileId: 3, roundFileName: ROUND }),
        'odd.txt': () => json(422, { status: 'quarantined', fileId: 5, line: 1, reason: 'bad' }),
      },
    );
    expect(requests.sort()).toEqual([ROUND, companion, 'odd.txt'].sort());
    const spool = await openSpool(dir);
    expect(await spool.pending()).toEqual([]);
    expect(await spool.failed()).toEqual([]);
    const ledger = Object.fromEntries(
      (await spool.delivered()).map((d) => [d.fileName, [d.httpStatus, d.response.status]]),
    );
    expect(ledger).toEqual({
      [ROUND]: [200, 'conflict'],
      [companion]: [201, 'companion'],
      'odd.txt': [422, 'quarantined'],
    });
    const levels = Object.fromEntries(
      logs.filter((l) => l.event === 'upload.delivered').map((l) => [l.file, l.level]),
    );
    expect(levels).toEqual({ [ROUND]: 'warn', [companion]: 'info', 'odd.txt': 'warn' });
  });

  it('takes a 422 without a status (not a round file, not kept) as final: sent once, kept as failed with the reason', async () => {
    // A Worker that knows this name as a companion of no use (a newer one than this agent, say).
    const reason = `${ROUND} is not a round file: a companion; it was not kept`;
    const { dir, requests, logs } = await deliverAll([gameFile(ROUND, 'x')], {
      [ROUND]: () => json(422, { error: reason }),
    });
    expect(requests).toEqual([ROUND]);
    const spool = await openSpool(dir);
    expect(await spool.failed()).toMatchObject([
      { fileName: ROUND, reason: `HTTP 422: ${reason}` },
    ]);
    expect(await spool.pending()).toEqual([]);
    expect(await spool.delivered()).toEqual([]);
    expect(logs.filter((l) => l.event === 'upload.retry')).toEqual([]);
    expect(logs.filter((l) => l.event === 'upload.refused')).toHaveLength(1);
  });

  it('drops, unsent, an entry an older agent queued for a file it now skips (a _ws.txt)', async () => {
    const ws = ROUND.replace('.txt', '_ws.txt');
    const { dir, requests, logs } = await deliverAll(
      [gameFile(ws, 'weapon stats\n'), gameFile(ROUND, 'round\n')],
      { [ROUND]: () => json(201, { status: 'imported', fileId: 1 }) },
    );
    expect(requests).toEqual([ROUND]);
    const spool = await openSpool(dir);
    expect(await spool.pending()).toEqual([]);
    expect(await spool.failed()).toEqual([]);
    expect((await spool.delivered()).map((d) => d.fileName)).toEqual([ROUND]);
    expect(await readdir(join(dir, 'pending'))).toEqual([]);
    expect(logs.filter((l) => l.event === 'file.skipped')).toMatchObject([
      { level: 'debug', file: ws },
    ]);
  });
});
