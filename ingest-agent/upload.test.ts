import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles } from '../test/support/corpus.ts';
import { generateKeyPair, importSigningKey, type SigningKey } from '../ingest-protocol/keys.ts';
import { HEADER_ID, HEADER_KEY } from '../ingest-protocol/protocol.ts';
import { retryAfterMs, type UploadTarget, uploadFile } from './upload.ts';

const NOW = new Date('2025-10-02T21:20:00Z');
const file = corpusFiles()[0] as { name: string; bytes: Uint8Array };
let key: SigningKey;
beforeAll(async () => {
  key = await importSigningKey(await generateKeyPair());
});

/** What the Worker (or whatever sits at the URL) answers, as the agent sees it. */
async function answer(
  response: () => Response | Promise<Response>,
  sending: { name: string; bytes: Uint8Array } = file,
) {
  let sent: RequestInit | undefined;
  const target: UploadTarget = {
    url: 'https://etstats.test/ingest',
    keys: [key],
    timeoutMs: 1_000,
    fetch: async (_url, init) => {
      sent = init;
      return response();
    },
  };
  return {
    result: await uploadFile(target, { fileName: sending.name, bytes: sending.bytes }, NOW),
    sent,
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('uploadFile', () => {
  it('signs the file with its key and sends its parse along', async () => {
    const { sent } = await answer(() => json(201, { status: 'imported' }));
    const headers = sent?.headers as Record<string, string>;
    expect(headers[HEADER_KEY]).toBe(key.publicKey);
    expect(headers[HEADER_ID]).toMatch(/^[0-9a-f]{64}$/);
    const body = JSON.parse(new TextDecoder().decode(sent?.body as Uint8Array));
    expect(body).toMatchObject({ fileName: file.name, parsed: { file: { fileName: file.name } } });
    expect(Buffer.from(body.raw, 'base64').equals(Buffer.from(file.bytes))).toBe(true);
    expect(sent?.redirect).toBe('manual');
  });

  it('sends an endstats companion the same way, without a parse of its own', async () => {
    const companion = {
      name: file.name.replace('.txt', '-endstats.txt'),
      bytes: new TextEncoder().encode('Most kills\tvid\t12\r\n'),
    };
    const roundFileName = file.name;
    const { result, sent } = await answer(
      () => json(201, { status: 'companion', fileId: 7, roundFileName }),
      companion,
    );
    const body = JSON.parse(new TextDecoder().decode(sent?.body as Uint8Array));
    expect(body).toEqual({
      fileName: companion.name,
      raw: Buffer.from(companion.bytes).toString('base64'),
      parsed: null,
    });
    expect(sent?.headers).toMatchObject({ [HEADER_KEY]: key.publicKey });
    expect(result).toEqual({
      kind: 'delivered',
      httpStatus: 201,
      response: { status: 'companion', fileId: 7, roundFileName },
    });
  });

  it.each([
    [201, { status: 'imported', roundId: 1 }],
    [200, { status: 'duplicate', previous: 'imported' }],
    [200, { status: 'conflict', fileId: 9, keptFileId: 4 }],
    [201, { status: 'companion', fileId: 7, roundFileName: 'x-round-1.txt' }],
    [422, { status: 'quarantined', line: 1, reason: 'file is empty' }],
  ])('counts %i %o as delivered: the Worker has the file', async (status, body) => {
    expect((await answer(() => json(status, body))).result).toEqual({
      kind: 'delivered',
      httpStatus: status,
      response: body,
    });
  });

  it('gives up on 400, 413 and a 422 without a status (not a round file, not kept), which no retry can change', async () => {
    expect(
      (
        await answer(() =>
          json(422, {
            error:
              'x-round-1_ws.txt is not a round file: a weapon-stats companion; it was not kept',
          }),
        )
      ).result,
    ).toEqual({
      kind: 'refused',
      httpStatus: 422,
      reason:
        'HTTP 422: x-round-1_ws.txt is not a round file: a weapon-stats companion; it was not kept',
    });
    expect(
      (await answer(() => json(413, { error: 'file is 2000000 bytes; the limit is 1048576' })))
        .result,
    ).toEqual({
      kind: 'refused',
      httpStatus: 413,
      reason: 'HTTP 413: file is 2000000 bytes; the limit is 1048576',
    });
    expect((await answer(() => json(400, { error: 'body is not JSON' }))).result).toMatchObject({
      kind: 'refused',
      httpStatus: 400,
    });
  });

  it('retries what an admin or time fixes: 401, 404, 429, 5xx and redirects, saying what happened', async () => {
    expect((await answer(() => json(401, { error: 'key abc… is not registered' }))).result).toEqual(
      { kind: 'retry', reason: 'HTTP 401: key abc… is not registered', retryAfterMs: 0 },
    );
    expect((await answer(() => new Response('Not Found', { status: 404 }))).result).toMatchObject({
      kind: 'retry',
      reason: 'HTTP 404: Not Found',
    });
    expect(
      (
        await answer(() =>
          json(503, { error: 'database unavailable; retry later' }, { 'retry-after': '5' }),
        )
      ).result,
    ).toMatchObject({ kind: 'retry', retryAfterMs: 5_000 });
    expect(
      (
        await answer(
          () =>
            new Response(null, {
              status: 301,
              headers: { location: 'https://etstats.example/ingest' },
            }),
        )
      ).result,
    ).toMatchObject({
      kind: 'retry',
      reason:
        'HTTP 301: redirects to https://etstats.example/ingest; set "url" to the final address',
    });
    // A 200 that is not the Worker's answer (a captive portal, a proxy page) is not a delivery.
    expect(
      (await answer(() => new Response('<html>hello</html>', { status: 200 }))).result,
    ).toMatchObject({ kind: 'retry' });
  });

  it('retries after network errors and timeouts', async () => {
    expect(
      (
        await answer(() =>
          Promise.reject(
            new TypeError('fetch failed', {
              cause: new Error('connect ECONNREFUSED 127.0.0.1:443'),
            }),
          ),
        )
      ).result,
    ).toEqual({
      kind: 'retry',
      reason: 'network: fetch failed (connect ECONNREFUSED 127.0.0.1:443)',
      retryAfterMs: 0,
    });
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect((await answer(() => Promise.reject(timeout))).result).toMatchObject({
      kind: 'retry',
      reason: 'no answer within 1000 ms',
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs('Thu, 02 Oct 2025 21:21:00 GMT', NOW)).toBe(60_000);
    expect(retryAfterMs('soon', NOW)).toBe(0);
    expect(retryAfterMs(null, NOW)).toBe(0);
  });
});
