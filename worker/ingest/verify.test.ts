import { beforeAll, describe, expect, it } from 'vitest';
import { type SigningKey, generateKeyPair, importSigningKey } from '../../ingest-protocol/keys.ts';
import {
  HEADER_ID,
  HEADER_KEY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  encodeUtf8,
} from '../../ingest-protocol/protocol.ts';
import { signFileUpload } from '../../ingest-protocol/sign.ts';
import { type IngestKey, type KeyLookup, verifyIngestSignature } from './verify.ts';

const T0 = new Date('2025-10-02T21:18:11Z');
const FILE = encodeUtf8('header\\supply\\\\1\\1\\2\\12:00\\7:36\\456321\n');
const shifted = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let serverA: SigningKey;
let serverARotated: SigningKey;
let serverB: SigningKey;
let stranger: SigningKey;

function registry(
  entries: readonly (Omit<IngestKey, 'serverName' | 'timeZone'> & { serverName?: string })[],
): KeyLookup {
  return async (keys) =>
    entries
      .filter((e) => keys.includes(e.publicKey))
      .map((e) => ({ serverName: `server ${e.serverId}`, timeZone: 'UTC', ...e }));
}

let keys: KeyLookup;

beforeAll(async () => {
  serverA = await importSigningKey(await generateKeyPair());
  serverARotated = await importSigningKey(await generateKeyPair());
  serverB = await importSigningKey(await generateKeyPair());
  stranger = await importSigningKey(await generateKeyPair());
  keys = registry([
    { publicKey: serverA.publicKey, serverId: 1, revokedAt: null },
    { publicKey: serverARotated.publicKey, serverId: 1, revokedAt: null },
    { publicKey: serverB.publicKey, serverId: 2, revokedAt: null },
  ]);
});

async function signed(
  signingKeys: readonly SigningKey[] = [serverA],
  now = T0,
): Promise<{ headers: Headers; body: Uint8Array<ArrayBuffer> }> {
  const request = await signFileUpload({
    fileName: '2025-10-02-211808-supply-round-1.txt',
    bytes: FILE,
    parsed: null,
    keys: signingKeys,
    now,
  });
  return { headers: new Headers(request.headers), body: request.body };
}

const verify = (
  request: { headers: Headers; body: Uint8Array<ArrayBuffer> },
  now = T0,
  lookupKeys = keys,
) => verifyIngestSignature({ ...request, now, lookupKeys });

describe('verifyIngestSignature', () => {
  it('accepts a request signed by a registered key and names its server', async () => {
    const result = await verify(await signed());
    expect(result).toMatchObject({
      ok: true,
      timestamp: Math.floor(T0.getTime() / 1000),
      key: { serverId: 1 },
    });
  });

  it('refuses a body changed after signing', async () => {
    const request = await signed();
    const body = request.body.slice();
    body[body.length - 2] = (body[body.length - 2] as number) ^ 1;
    expect(await verify({ ...request, body })).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/no signature verifies/),
    });
  });

  it('refuses a changed id or timestamp, both being part of the signed content', async () => {
    const request = await signed();
    const otherId = new Headers(request.headers);
    otherId.set(HEADER_ID, 'f'.repeat(64));
    expect(await verify({ ...request, headers: otherId })).toMatchObject({
      ok: false,
      status: 401,
    });
    const otherTime = new Headers(request.headers);
    otherTime.set(HEADER_TIMESTAMP, String(Number(request.headers.get(HEADER_TIMESTAMP)) + 1));
    expect(await verify({ ...request, headers: otherTime })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('refuses a signature made by another key than the registered one it names', async () => {
    const request = await signed([stranger]);
    request.headers.set(HEADER_KEY, serverA.publicKey);
    expect(await verify(request)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/no signature verifies/),
    });
  });

  it('refuses a key nobody registered, saying how to register it', async () => {
    expect(await verify(await signed([stranger]))).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/not registered.*server -- add/),
    });
  });

  it('refuses a revoked key, saying when it was revoked', async () => {
    const revoked = registry([
      { publicKey: serverA.publicKey, serverId: 1, revokedAt: new Date('2025-10-01T00:00:00Z') },
    ]);
    expect(await verify(await signed(), T0, revoked)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/revoked at 2025-10-01/),
    });
  });

  it('refuses a request 6 minutes old and one 6 minutes ahead, accepts 4 minutes either way', async () => {
    const request = await signed();
    expect(await verify(request, shifted(360))).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/360 s old/),
    });
    expect(await verify(request, shifted(-360))).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/360 s in the future/),
    });
    expect(await verify(request, shifted(240))).toMatchObject({ ok: true });
    expect(await verify(request, shifted(-240))).toMatchObject({ ok: true });
  });

  it('refuses a captured request replayed after the window that accepted it', async () => {
    const captured = await signed();
    expect(await verify(captured, shifted(1))).toMatchObject({ ok: true });
    expect(await verify(captured, shifted(301))).toMatchObject({ ok: false, status: 401 });
  });

  it.each([HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE, HEADER_KEY])(
    'answers 400 naming a missing %s header',
    async (name) => {
      const request = await signed();
      request.headers.delete(name);
      expect(await verify(request)).toMatchObject({
        ok: false,
        status: 400,
        reason: expect.stringContaining(`missing header ${name}`),
      });
    },
  );

  it.each([
    [HEADER_ID, 'ABC', /64 lower-case hex/],
    [HEADER_TIMESTAMP, '2025-10-02T21:18:11Z', /unix seconds/],
    [HEADER_SIGNATURE, 'v1,c2lnbmF0dXJl', /no "v1a,/],
    [HEADER_SIGNATURE, 'v1a,not-base64!', /no "v1a,/],
    [HEADER_KEY, 'AAAA', /3 bytes; an Ed25519 public key is 32 bytes/],
  ])('answers 400 for a malformed %s (%s)', async (name, value, reason) => {
    const request = await signed();
    request.headers.set(name, value);
    expect(await verify(request)).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(reason),
    });
  });

  it('accepts several signatures during a key rotation, even when the old key is revoked', async () => {
    const rotating = registry([
      { publicKey: serverA.publicKey, serverId: 1, revokedAt: new Date('2025-10-01T00:00:00Z') },
      { publicKey: serverARotated.publicKey, serverId: 1, revokedAt: null },
    ]);
    const request = await signed([serverA, serverARotated]);
    expect(request.headers.get(HEADER_SIGNATURE)?.split(' ')).toHaveLength(2);
    expect(await verify(request, T0, rotating)).toMatchObject({
      ok: true,
      key: { publicKey: serverARotated.publicKey },
    });
    // The new key is not registered yet: the old one still carries the upload.
    const beforeRegistering = registry([
      { publicKey: serverA.publicKey, serverId: 1, revokedAt: null },
    ]);
    expect(await verify(request, T0, beforeRegistering)).toMatchObject({
      ok: true,
      key: { publicKey: serverA.publicKey },
    });
  });

  it('skips signature entries of versions it does not know', async () => {
    const request = await signed();
    request.headers.set(HEADER_SIGNATURE, `v1,aGVsbG8= ${request.headers.get(HEADER_SIGNATURE)}`);
    expect(await verify(request)).toMatchObject({ ok: true });
  });

  it('refuses keys of two different game servers in one request', async () => {
    expect(await verify(await signed([serverA, serverB]))).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/different game servers/),
    });
  });
});
