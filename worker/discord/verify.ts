import { verifyKey } from 'discord-interactions';

/** Discord signs `timestamp + body`; we refuse requests whose timestamp is further than this from our clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedRequest {
  /** `X-Signature-Ed25519`: hex signature, or null when the header is missing. */
  readonly signature: string | null;
  /** `X-Signature-Timestamp`: unix seconds as text, or null when the header is missing. */
  readonly timestamp: string | null;
  readonly body: Uint8Array;
}

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;
const keys = new Map<string, Promise<CryptoKey | null>>();

/**
 * Checks an interaction webhook the way Discord requires: Ed25519 over timestamp + raw body with the
 * application's public key. Never throws; anything unexpected is a rejection (fail closed).
 * The timestamp window matters because Discord probes endpoints with stale or invalid signatures and
 * removes the ones that accept them.
 */
export async function verifyDiscordRequest(
  publicKeyHex: string,
  request: SignedRequest,
  now: Date,
): Promise<VerifyResult> {
  const { signature, timestamp, body } = request;
  if (!signature) return { ok: false, reason: 'missing X-Signature-Ed25519 header' };
  if (!timestamp) return { ok: false, reason: 'missing X-Signature-Timestamp header' };
  if (!HEX_SIGNATURE.test(signature))
    return { ok: false, reason: 'X-Signature-Ed25519 is not a 64-byte hex signature' };
  if (!/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'X-Signature-Timestamp is not unix seconds' };
  const skew = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (skew > MAX_CLOCK_SKEW_SECONDS)
    return { ok: false, reason: `timestamp is ${skew} s old (limit ${MAX_CLOCK_SKEW_SECONDS} s)` };
  if (-skew > MAX_CLOCK_SKEW_SECONDS)
    return {
      ok: false,
      reason: `timestamp is ${-skew} s in the future (limit ${MAX_CLOCK_SKEW_SECONDS} s)`,
    };
  const key = await publicKey(publicKeyHex);
  if (!key)
    return {
      ok: false,
      reason: 'the configured DISCORD_PUBLIC_KEY is not a 32-byte hex Ed25519 key',
    };
  let valid = false;
  try {
    valid = await verifyKey(body, signature, timestamp, key);
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

/** Imports the key once per isolate: importKey costs CPU on every request otherwise. */
function publicKey(hex: string): Promise<CryptoKey | null> {
  let key = keys.get(hex);
  if (!key) {
    key = importPublicKey(hex);
    keys.set(hex, key);
  }
  return key;
}

async function importPublicKey(hex: string): Promise<CryptoKey | null> {
  if (!HEX_KEY.test(hex)) return null;
  const raw = new Uint8Array(32);
  for (let i = 0; i < 32; i++) raw[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null;
  }
}
