/**
 * The signed ingest protocol shared by the agent (Node) and the Worker (workerd): names, limits and the
 * body format. Modelled on Standard Webhooks (https://www.standardwebhooks.com/) with its asymmetric
 * `v1a` (Ed25519) signatures; the only addition is `etstats-key`, which names the signing public keys so
 * the Worker can say "unknown key" or "revoked key" instead of only "bad signature".
 *
 * ```
 * POST /ingest
 * content-type: application/json
 * webhook-id: <SHA-256 of the raw file bytes, 64 lower-case hex digits>
 * webhook-timestamp: <unix seconds>
 * webhook-signature: v1a,<base64 Ed25519 signature> [v1a,<...> ...]
 * etstats-key: <base64 raw 32-byte public key> [<...> ...]
 *
 * {"fileName":"2025-10-02-211808-etl_adlernest-round-1.txt","raw":"<base64 bytes>","parsed":{...} | null}
 * ```
 * Each signature covers the bytes `${webhook-id}.${webhook-timestamp}.${body}`. The answers are in
 * response.ts.
 */
import type { ParsedRound } from '../stats/round.ts';

export const HEADER_ID = 'webhook-id';
export const HEADER_TIMESTAMP = 'webhook-timestamp';
export const HEADER_SIGNATURE = 'webhook-signature';
export const HEADER_KEY = 'etstats-key';
/** Standard Webhooks' version tag for asymmetric (Ed25519) signatures. */
export const SIGNATURE_VERSION = 'v1a';

/** A request older or further ahead than this is refused: it bounds how long a captured request can be replayed. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;
/** A round file of 64 players is ~40 KiB; anything past 1 MiB is not a stats file. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The JSON body carries the file in base64 (4/3) plus the agent's parsed round (a few times the file). */
export const MAX_BODY_BYTES = 8 * MAX_FILE_BYTES;
/** Bounds the Ed25519 verifications one request can ask for (keys × signatures). */
export const MAX_KEYS_PER_REQUEST = 4;

/** The JSON body of `POST /ingest`. */
export interface IngestBody {
  /** The file's name in the game's `gamestats/` folder, without any directory. */
  readonly fileName: string;
  /** The file's bytes, base64: the source of truth. */
  readonly raw: string;
  /** The agent's reading of those bytes (`readStatsFile`), or null when it could not read them. */
  readonly parsed: ParsedRound | null;
}

const encoder = new TextEncoder();

export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Strict base64 (standard alphabet, padded); null for anything else. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The exact bytes a signature covers: `${id}.${timestamp}.` followed by the body bytes. */
export function signedContent(
  id: string,
  timestamp: number,
  body: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const prefix = encodeUtf8(`${id}.${timestamp}.`);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

/** A file name as the game writes it: no directory part, no control characters, a sane length. */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    !/[/\\\u0000-\u001f]/.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}
