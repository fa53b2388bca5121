import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscordKeyPair,
  generateDiscordKeys,
  signInteractionBody,
} from '../../scripts/dev/discord-keys.ts';
import { verifyDiscordRequest } from './verify.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const BODY = '{"type":1,"id":"1","token":"t"}';
const bytes = (text: string) => new TextEncoder().encode(text);

let keys: DiscordKeyPair;
let other: DiscordKeyPair;

beforeAll(async () => {
  [keys, other] = await Promise.all([generateDiscordKeys(), generateDiscordKeys()]);
});

async function signed(body = BODY, timestamp: number | string = NOW_S, key = keys) {
  const headers = await signInteractionBody(key.privateKey, body, timestamp);
  return { signature: headers['X-Signature-Ed25519'], timestamp: headers['X-Signature-Timestamp'] };
}

describe('verifyDiscordRequest', () => {
  it('accepts a body signed with the matching private key', async () => {
    const headers = await signed();
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...headers, body: bytes(BODY) }, NOW),
    ).toEqual({ ok: true });
  });

  it('accepts timestamps up to five minutes either side of our clock', async () => {
    for (const timestamp of [NOW_S - 300, NOW_S + 300]) {
      const headers = await signed(BODY, timestamp);
      expect(
        await verifyDiscordRequest(keys.publicKeyHex, { ...headers, body: bytes(BODY) }, NOW),
      ).toEqual({ ok: true });
    }
  });

  it('rejects a tampered body', async () => {
    const headers = await signed();
    const result = await verifyDiscordRequest(
      keys.publicKeyHex,
      { ...headers, body: bytes(BODY.replace('"t"', '"u"')) },
      NOW,
    );
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('rejects a tampered timestamp even inside the window', async () => {
    const headers = await signed();
    const result = await verifyDiscordRequest(
      keys.publicKeyHex,
      { ...headers, timestamp: String(NOW_S - 1), body: bytes(BODY) },
      NOW,
    );
    expect(result).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('rejects a signature made with another key', async () => {
    const headers = await signed(BODY, NOW_S, other);
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...headers, body: bytes(BODY) }, NOW),
    ).toMatchObject({ ok: false });
  });

  it('rejects a validly signed but stale or future timestamp', async () => {
    const stale = await signed(BODY, NOW_S - 301);
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...stale, body: bytes(BODY) }, NOW),
    ).toEqual({
      ok: false,
      reason: 'timestamp is 301 s old (limit 300 s)',
    });
    const future = await signed(BODY, NOW_S + 301);
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...future, body: bytes(BODY) }, NOW),
    ).toEqual({
      ok: false,
      reason: 'timestamp is 301 s in the future (limit 300 s)',
    });
  });

  it('rejects missing or malformed headers without throwing', async () => {
    const headers = await signed();
    const body = bytes(BODY);
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...headers, signature: null, body }, NOW),
    ).toMatchObject({ reason: /X-Signature-Ed25519/ });
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...headers, timestamp: null, body }, NOW),
    ).toMatchObject({ reason: /X-Signature-Timestamp/ });
    expect(
      await verifyDiscordRequest(
        keys.publicKeyHex,
        { ...headers, signature: 'zz'.repeat(64), body },
        NOW,
      ),
    ).toMatchObject({ ok: false });
    expect(
      await verifyDiscordRequest(keys.publicKeyHex, { ...headers, timestamp: '17e8', body }, NOW),
    ).toMatchObject({ ok: false });
  });

  it('fails closed when the configured public key is not a key', async () => {
    const headers = await signed();
    const result = await verifyDiscordRequest('not-a-key', { ...headers, body: bytes(BODY) }, NOW);
    expect(result).toEqual({
      ok: false,
      reason: 'the configured DISCORD_PUBLIC_KEY is not a 32-byte hex Ed25519 key',
    });
  });
});
