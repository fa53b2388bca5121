import { beforeAll, describe, expect, it } from 'vitest';
import { type SigningKey, generateKeyPair, importSigningKey } from './keys.ts';
import { HEADER_SIGNATURE, encodeUtf8 } from './protocol.ts';
import { signIngestRequest } from './sign.ts';

let serverA: SigningKey;

beforeAll(async () => {
  serverA = await importSigningKey(await generateKeyPair());
});

describe('signIngestRequest', () => {
  it('signs exactly "id.timestamp.body" (interoperable with other Standard Webhooks signers)', async () => {
    const body = encodeUtf8('{"fileName":"x.txt","raw":"","parsed":null}');
    const request = await signIngestRequest({
      id: 'a'.repeat(64),
      timestamp: 1_700_000_000,
      body,
      keys: [serverA],
    });
    const signature = Uint8Array.from(
      atob((request.headers[HEADER_SIGNATURE] as string).slice(4)),
      (ch) => ch.charCodeAt(0),
    );
    const publicKey = await crypto.subtle.importKey(
      'raw',
      Uint8Array.from(atob(serverA.publicKey), (ch) => ch.charCodeAt(0)),
      'Ed25519',
      false,
      ['verify'],
    );
    const content = encodeUtf8(
      `${'a'.repeat(64)}.1700000000.{"fileName":"x.txt","raw":"","parsed":null}`,
    );
    expect(await crypto.subtle.verify('Ed25519', publicKey, signature, content)).toBe(true);
  });
});
