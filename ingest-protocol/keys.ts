/**
 * Ed25519 keys through WebCrypto (the same code in Node 20 and workerd). A public key travels as the
 * base64 of its 32 raw bytes (what `server_keys.public_key` holds); a private key as base64 PKCS#8.
 */
import { fromBase64, toBase64 } from './protocol.ts';

const ED25519 = { name: 'Ed25519' } as const;

/** A key the agent signs with, and the public half the Worker knows it by. */
export interface SigningKey {
  readonly publicKey: string;
  readonly privateKey: CryptoKey;
}

export interface ExportedKeyPair {
  /** base64 of the 32 raw bytes: register this one with `npm run server -- add`. */
  readonly publicKey: string;
  /** base64 PKCS#8: stays on the game server. */
  readonly privateKey: string;
}

/** A fresh key pair, exported for a config file. */
export async function generateKeyPair(): Promise<ExportedKeyPair> {
  const pair = (await crypto.subtle.generateKey(ED25519, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
  const pkcs8 = new Uint8Array(
    (await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer,
  );
  return { publicKey: toBase64(raw), privateKey: toBase64(pkcs8) };
}

/**
 * Checks a base64 public key and returns its 32 raw bytes, or why it is not one.
 * Used when registering a key and for every key a request names.
 */
export function decodePublicKey(
  text: string,
): { ok: true; raw: Uint8Array<ArrayBuffer> } | { ok: false; reason: string } {
  const raw = fromBase64(text.trim());
  if (!raw) return { ok: false, reason: 'public key is not base64' };
  if (raw.length !== 32)
    return {
      ok: false,
      reason: `public key is ${raw.length} bytes; an Ed25519 public key is 32 bytes`,
    };
  return { ok: true, raw };
}

export async function importPublicKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, ED25519, false, ['verify']);
}

/** Imports an exported pair for signing; checks that the two halves belong together. */
export async function importSigningKey(pair: ExportedKeyPair): Promise<SigningKey> {
  const pkcs8 = fromBase64(pair.privateKey.trim());
  if (!pkcs8) throw new Error('private key is not base64');
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ED25519, true, ['sign']);
  // Public and private halves are stored side by side in a config file an admin may edit by hand.
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const derived = toBase64(
    fromBase64(`${(jwk.x ?? '').replaceAll('-', '+').replaceAll('_', '/')}=`) ?? new Uint8Array(),
  );
  if (derived !== pair.publicKey.trim())
    throw new Error(
      `public key ${pair.publicKey} does not belong to the private key stored with it`,
    );
  return { publicKey: derived, privateKey };
}
