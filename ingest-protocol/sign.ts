import { sha256Hex } from '../stats/file-id.ts';
import type { ParsedRound } from '../stats/round.ts';
import type { SigningKey } from './keys.ts';
import {
  HEADER_ID,
  HEADER_KEY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  type IngestBody,
  SIGNATURE_VERSION,
  encodeUtf8,
  signedContent,
  toBase64,
} from './protocol.ts';

/** A request ready to send: its headers and the exact body bytes they sign. */
export interface SignedIngestRequest {
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** The JSON body for one file; its bytes are what gets signed. */
export function encodeIngestBody(
  fileName: string,
  bytes: Uint8Array,
  parsed: ParsedRound | null,
): Uint8Array<ArrayBuffer> {
  const body: IngestBody = { fileName, raw: toBase64(bytes), parsed };
  return encodeUtf8(JSON.stringify(body));
}

/**
 * Signs `body` for `POST /ingest` with every key given (several during a key rotation).
 * `id` is the SHA-256 of the file's raw bytes; `timestamp` is unix seconds.
 */
export async function signIngestRequest(input: {
  readonly id: string;
  readonly timestamp: number;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly keys: readonly SigningKey[];
}): Promise<SignedIngestRequest> {
  if (input.keys.length === 0) throw new Error('no signing key');
  const content = signedContent(input.id, input.timestamp, input.body);
  const signatures = await Promise.all(
    input.keys.map(async (key) => {
      const signature = new Uint8Array(
        await crypto.subtle.sign('Ed25519', key.privateKey, content),
      );
      return `${SIGNATURE_VERSION},${toBase64(signature)}`;
    }),
  );
  return {
    id: input.id,
    body: input.body,
    headers: {
      'content-type': 'application/json',
      [HEADER_ID]: input.id,
      [HEADER_TIMESTAMP]: String(input.timestamp),
      [HEADER_SIGNATURE]: signatures.join(' '),
      [HEADER_KEY]: input.keys.map((k) => k.publicKey).join(' '),
    },
  };
}

/** Builds and signs the upload of one file: its id is the SHA-256 of `bytes`. */
export async function signFileUpload(input: {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly parsed: ParsedRound | null;
  readonly keys: readonly SigningKey[];
  readonly now: Date;
}): Promise<SignedIngestRequest> {
  return signIngestRequest({
    id: await sha256Hex(input.bytes),
    timestamp: Math.floor(input.now.getTime() / 1000),
    body: encodeIngestBody(input.fileName, input.bytes, input.parsed),
    keys: input.keys,
  });
}

/**
 * Signs one of the agent's JSON requests beside uploads (a live snapshot, a fetch of commands, an
 * outcome) the way uploads are signed: its id is the SHA-256 of the body, so the one verifier checks all.
 */
export async function signAgentJson(input: {
  readonly json: unknown;
  readonly keys: readonly SigningKey[];
  readonly now: Date;
}): Promise<SignedIngestRequest> {
  const body = encodeUtf8(JSON.stringify(input.json));
  return signIngestRequest({
    id: await sha256Hex(body),
    timestamp: Math.floor(input.now.getTime() / 1000),
    body,
    keys: input.keys,
  });
}
