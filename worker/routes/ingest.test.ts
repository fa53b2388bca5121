import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsFiles } from '../../schema/index.ts';
import { sha256Hex } from '../../stats/file-id.ts';
import { readStatsFile } from '../../stats/read.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { createBaseApp } from '../app.ts';
import { readConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { generateKeyPair, importSigningKey, type SigningKey } from '../../ingest-protocol/keys.ts';
import { HEADER_ID, encodeUtf8 } from '../../ingest-protocol/protocol.ts';
import { addServer, revokeKeys } from '../ingest/registry.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { encodeIngestBody, signFileUpload, signIngestRequest } from '../../ingest-protocol/sign.ts';
import { type AfterImportContext, type StoredOutcome, ingestRoutes } from './ingest.ts';

const config = readConfig({
  DATABASE_URL: 'postgres://unused',
  DISCORD_PUBLIC_KEY: 'unused',
  DISCORD_APPLICATION_ID: 'unused',
});
const corpus = new Map(corpusFiles().map((f) => [f.name, f.bytes]));
const R1 = '2025-09-04-202728-frostbite-round-1.txt';
const R2 = '2025-09-04-203809-frostbite-round-2.txt';
const UNREADABLE = '2025-12-17-130500-empty-round-1.txt';

let handle: DatabaseHandle;
let key: SigningKey;
let clock = new Date('2025-10-02T21:18:11Z');
const hooked: { outcome: StoredOutcome; context: AfterImportContext }[] = [];
const background: Promise<unknown>[] = [];

function appOn(
  db: DatabaseHandle['db'],
  afterImport: (outcome: StoredOutcome, context: AfterImportContext) => Promise<void> = async (
    outcome,
    context,
  ) => {
    hooked.push({ outcome, context });
  },
) {
  const app = createBaseApp({
    config,
    openDatabase: () => ({ db, close: async () => {} }),
    now: () => clock,
    fetch,
    waitUntil: (task) => void background.push(task),
  });
  app.route('/', ingestRoutes({ afterImport }));
  return app;
}
let app: ReturnType<typeof appOn>;

beforeAll(async () => {
  handle = await openPglite();
  const pair = await generateKeyPair();
  key = await importSigningKey(pair);
  await addServer(handle.db, {
    communityId: DEFAULT_COMMUNITY_ID,
    name: 'test server',
    publicKey: pair.publicKey,
  });
  app = appOn(handle.db);
});
afterAll(() => handle.close());

async function upload(
  fileName: string,
  options: { bytes?: Uint8Array; parsed?: unknown; keys?: SigningKey[]; target?: typeof app } = {},
) {
  const bytes = options.bytes ?? (corpus.get(fileName) as Uint8Array);
  const read = readStatsFile(fileName, bytes);
  const parsed = 'parsed' in options ? options.parsed : read.ok ? read.round : null;
  const request = await signIngestRequest({
    id: await sha256Hex(bytes),
    timestamp: Math.floor(clock.getTime() / 1000),
    body: encodeUtf8(
      JSON.stringify({ fileName, raw: Buffer.from(bytes).toString('base64'), parsed }),
    ),
    keys: options.keys ?? [key],
  });
  return send(request, options.target);
}

async function send(
  request: { headers: Record<string, string>; body: Uint8Array<ArrayBuffer> },
  target = app,
) {
  const response = await target.request('/ingest', {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  await Promise.all(background.splice(0));
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

const filesNamed = (name: string) =>
  handle.db.select().from(statsFiles).where(eq(statsFiles.fileName, name));

describe('POST /ingest', () => {
  it('imports a signed round (201 with round and match ids) and runs the after-import hook once', async () => {
    const r1 = await upload(R1);
    expect(r1).toMatchObject({
      status: 201,
      json: {
        status: 'imported',
        round: 1,
        map: 'frostbite',
        roundId: expect.any(Number),
        matchId: expect.any(Number),
      },
    });
    expect(r1.json).not.toHaveProperty('disagreement');
    const r2 = await upload(R2);
    expect(r2).toMatchObject({
      status: 201,
      json: { status: 'imported', round: 2, matchId: r1.json.matchId },
    });
    expect(
      hooked.map((h) => [h.outcome.status, h.context.fileName, h.context.server.name]),
    ).toEqual([
      ['imported', R1, 'test server'],
      ['imported', R2, 'test server'],
    ]);
  });

  it('answers 200 duplicate to the same file again, freshly signed or replayed inside the window, and stores it once', async () => {
    const before = hooked.length;
    expect(await upload(R1)).toMatchObject({
      status: 200,
      json: { status: 'duplicate', previous: 'imported' },
    });
    const captured = await signFileUpload({
      fileName: R1,
      bytes: corpus.get(R1) as Uint8Array,
      parsed: null,
      keys: [key],
      now: clock,
    });
    expect((await send(captured)).status).toBe(200);
    expect((await send(captured)).status).toBe(200);
    expect(await filesNamed(R1)).toHaveLength(1);
    expect(hooked.length).toBe(before);
  });

  it('keeps an unreadable file in quarantine and answers 422 with its line and reason', async () => {
    const response = await upload(UNREADABLE);
    expect(response).toMatchObject({
      status: 422,
      json: { status: 'quarantined', line: 1, reason: 'file is empty' },
    });
    const [kept] = await filesNamed(UNREADABLE);
    expect(kept).toMatchObject({
      status: 'quarantined',
      errorLine: 1,
      errorReason: 'file is empty',
    });
    expect(hooked.at(-1)?.outcome).toMatchObject({ status: 'quarantined' });
    expect((await upload(UNREADABLE)).json).toMatchObject({
      status: 'duplicate',
      previous: 'quarantined',
    });
  });

  it('keeps a file with a NUL in quarantine and answers 422, a round file and a companion alike', async () => {
    const nul = 'line holds the control character U+0000, which a stats file never has';
    const companion = R1.replace('.txt', '-endstats.txt');
    const poisoned = new TextEncoder().encode('Most kills\tBo\u0000b\t12\n');
    const round = new TextEncoder().encode('srv\\frostbite\\x\\1\\1\\2\\12:00\\7:36\n\u0000\n');
    const name = '2025-09-04-230000-frostbite-round-1.txt';
    for (const [fileName, bytes, line] of [
      [companion, poisoned, 1],
      [name, round, 2],
    ] as const) {
      const response = await upload(fileName, { bytes, parsed: null });
      expect(response, fileName).toMatchObject({
        status: 422,
        json: { status: 'quarantined', line, reason: nul },
      });
      expect(await filesNamed(fileName)).toMatchObject([
        { status: 'quarantined', errorLine: line, errorReason: nul },
      ]);
      // The agent sending it again: a duplicate of a quarantined file, never a 503 to retry for ever.
      expect(await upload(fileName, { bytes, parsed: null })).toMatchObject({
        status: 200,
        json: { status: 'duplicate', previous: 'quarantined' },
      });
    }
  });

  it('stores the raw bytes and reports where an agent parse disagrees with them', async () => {
    const name = '2025-09-04-205149-etl_adlernest-round-1.txt';
    const read = readStatsFile(name, corpus.get(name) as Uint8Array);
    if (!read.ok) throw new Error(read.reason);
    const doctored = { ...read.round, header: { ...read.round.header, winner: 0 } };
    const response = await upload(name, { parsed: doctored });
    expect(response).toMatchObject({
      status: 201,
      json: { status: 'imported', disagreement: 'parsed.header.winner: agent 0, Worker 2' },
    });
    const [stored] = await filesNamed(name);
    expect(
      Buffer.from(stored?.bytes ?? []).equals(Buffer.from(corpus.get(name) as Uint8Array)),
    ).toBe(true);
  });

  it('reports an agent that could not read a file the Worker reads', async () => {
    const name = '2025-09-04-210357-etl_adlernest-round-2.txt';
    expect((await upload(name, { parsed: null })).json).toMatchObject({
      disagreement: 'the agent could not read the file but the Worker could',
    });
  });

  it('answers 413 for a file over 1 MiB and for a body over the limit, storing nothing', async () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(65);
    expect(
      await upload('2025-10-02-000000-big-round-1.txt', { bytes: big, parsed: null }),
    ).toMatchObject({ status: 413, json: { error: expect.stringMatching(/limit is 1048576/) } });
    const response = await app.request('/ingest', {
      method: 'POST',
      headers: { 'content-length': String(9 * 1024 * 1024) },
      body: 'x',
    });
    expect(response.status).toBe(413);
    expect(await filesNamed('2025-10-02-000000-big-round-1.txt')).toHaveLength(0);
  });

  it('answers 400 when the id is not the SHA-256 of the bytes, or the body is not the documented JSON', async () => {
    const bytes = corpus.get(R1) as Uint8Array;
    const body = encodeIngestBody(R1, bytes, null);
    const wrongId = await signIngestRequest({
      id: 'a'.repeat(64),
      timestamp: Math.floor(clock.getTime() / 1000),
      body,
      keys: [key],
    });
    expect(await send(wrongId)).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/not the SHA-256/) },
    });
    const sign = (text: string) =>
      signIngestRequest({
        id: 'b'.repeat(64),
        timestamp: Math.floor(clock.getTime() / 1000),
        body: encodeUtf8(text),
        keys: [key],
      });
    expect(await send(await sign('not json'))).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/not JSON/) },
    });
    expect(await send(await sign('{"fileName":"../etc/passwd","raw":""}'))).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/no directory/) },
    });
    expect(await send(await sign('{"fileName":"a.txt","raw":"%%%"}'))).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/base64/) },
    });
  });

  it('answers 401 with a reason for an unknown key, a revoked key and a stale timestamp', async () => {
    const stranger = await importSigningKey(await generateKeyPair());
    expect(await upload(R2, { keys: [stranger] })).toMatchObject({
      status: 401,
      json: { error: expect.stringMatching(/not registered/) },
    });
    const captured = await signFileUpload({
      fileName: R2,
      bytes: corpus.get(R2) as Uint8Array,
      parsed: null,
      keys: [key],
      now: clock,
    });
    clock = new Date(clock.getTime() + 6 * 60_000);
    expect(await send(captured)).toMatchObject({
      status: 401,
      json: { error: expect.stringMatching(/360 s old/) },
    });

    const pair = await generateKeyPair();
    await addServer(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'revoked server',
      publicKey: pair.publicKey,
    });
    await revokeKeys(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'revoked server',
      now: clock,
    });
    expect(await upload(R2, { keys: [await importSigningKey(pair)] })).toMatchObject({
      status: 401,
      json: { error: expect.stringMatching(/revoked/) },
    });
  });

  it('answers 503 with Retry-After when the database fails, so the agent retries', async () => {
    const broken = await openPglite();
    const pair = await generateKeyPair();
    await addServer(broken.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'x',
      publicKey: pair.publicKey,
    });
    await broken.db.execute(sql`drop table stats_files cascade`);
    const brokenApp = appOn(broken.db);
    const response = await upload(R1, { keys: [await importSigningKey(pair)], target: brokenApp });
    expect(response).toMatchObject({
      status: 503,
      json: { error: expect.stringMatching(/database unavailable/), retryAfterS: 5 },
    });
    expect(response.headers.get('retry-after')).toBe('5');

    await broken.close();
    const closed = await upload(R1, { keys: [await importSigningKey(pair)], target: brokenApp });
    expect(closed.status).toBe(503);
  });

  it('answers before a slow or failing after-import hook finishes', async () => {
    let finish = () => {};
    const slow = appOn(
      handle.db,
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const name = '2025-09-04-211829-erdenberg_t2-round-1.txt';
    const request = await signFileUpload({
      fileName: name,
      bytes: corpus.get(name) as Uint8Array,
      parsed: null,
      keys: [key],
      now: clock,
    });
    const response = await slow.request('/ingest', {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(response.status).toBe(201);
    finish();
    await Promise.all(background.splice(0));
    const failing = appOn(handle.db, async () => {
      throw new Error('discord down');
    });
    const other = '2025-09-04-212827-erdenberg_t2-round-2.txt';
    expect((await upload(other, { target: failing })).status).toBe(201);
  });

  it('rejects requests that carry no signature headers at all', async () => {
    const bytes = corpus.get(R1) as Uint8Array;
    const response = await app.request('/ingest', {
      method: 'POST',
      body: encodeIngestBody(R1, bytes, null),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: `missing header ${HEADER_ID} (the SHA-256 of the file)`,
    });
  });

  it('answers each outcome with exactly the fields of the wire, in their order', async () => {
    const name = '2025-09-04-223424-radar-round-1.txt';
    const imported = await upload(name);
    expect(imported.status).toBe(201);
    expect(Object.keys(imported.json)).toEqual([
      'status',
      'fileId',
      'roundId',
      'matchId',
      'round',
      'map',
    ]);
    expect(Object.keys((await upload(name)).json)).toEqual(['status', 'fileId', 'previous']);
    const broken = await upload('2025-09-04-230000-radar-round-1.txt', {
      bytes: encodeUtf8('not a round file\n'),
      parsed: null,
    });
    expect(broken.status).toBe(422);
    expect(Object.keys(broken.json)).toEqual(['status', 'fileId', 'line', 'reason']);
    const disagreeing = await upload('2025-09-04-224112-radar-round-2.txt', { parsed: null });
    expect(Object.keys(disagreeing.json)).toEqual([
      'status',
      'fileId',
      'roundId',
      'matchId',
      'round',
      'map',
      'disagreement',
    ]);
  });
});
