import { decodePublicKey, importPublicKey } from '../../ingest-protocol/keys.ts';
import {
  HEADER_ID,
  HEADER_KEY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  MAX_KEYS_PER_REQUEST,
  SIGNATURE_VERSION,
  TIMESTAMP_TOLERANCE_S,
  fromBase64,
  signedContent,
} from '../../ingest-protocol/protocol.ts';

/** A registered public key and the game server it speaks for. */
export interface IngestKey {
  readonly publicKey: string;
  readonly serverId: number;
  readonly serverName: string;
  readonly timeZone: string;
  readonly revokedAt: Date | null;
}

/** Finds the registered keys among `publicKeys` (revoked ones included); may throw when the database fails. */
export type KeyLookup = (publicKeys: readonly string[]) => Promise<readonly IngestKey[]>;

export type Verification =
  | { readonly ok: true; readonly id: string; readonly timestamp: number; readonly key: IngestKey }
  | { readonly ok: false; readonly status: 400 | 401; readonly reason: string };

const SHA256_HEX = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

const refuse = (status: 400 | 401, reason: string): Verification => ({ ok: false, status, reason });
const short = (key: string) => `${key.slice(0, 12)}…`;

/**
 * Checks an ingest request's Standard Webhooks headers and Ed25519 signatures over `body`.
 * Never throws for a bad request (it fails closed with a reason); only `lookupKeys` can throw.
 * 400: a header is missing or malformed. 401: outside the time window, unknown or revoked key, or
 * no signature verifies.
 */
export async function verifyIngestSignature(input: {
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly now: Date;
  readonly lookupKeys: KeyLookup;
}): Promise<Verification> {
  const id = input.headers.get(HEADER_ID)?.trim();
  const stamp = input.headers.get(HEADER_TIMESTAMP)?.trim();
  const signatureHeader = input.headers.get(HEADER_SIGNATURE)?.trim();
  const keyHeader = input.headers.get(HEADER_KEY)?.trim();
  if (!id) return refuse(400, `missing header ${HEADER_ID} (the SHA-256 of the file)`);
  if (!SHA256_HEX.test(id))
    return refuse(400, `${HEADER_ID} must be the file's SHA-256 as 64 lower-case hex digits`);
  if (!stamp) return refuse(400, `missing header ${HEADER_TIMESTAMP} (unix seconds)`);
  if (!UNIX_SECONDS.test(stamp))
    return refuse(400, `${HEADER_TIMESTAMP} must be unix seconds, got "${stamp.slice(0, 20)}"`);
  if (!signatureHeader) return refuse(400, `missing header ${HEADER_SIGNATURE}`);
  if (!keyHeader)
    return refuse(400, `missing header ${HEADER_KEY} (the base64 public keys that signed)`);

  // Standard Webhooks: a space-separated list of `version,signature`; versions we do not know are skipped.
  const signatures: Uint8Array<ArrayBuffer>[] = [];
  for (const entry of signatureHeader.split(/\s+/)) {
    const [version, value] = entry.split(',', 2);
    if (version !== SIGNATURE_VERSION || value === undefined) continue;
    const bytes = fromBase64(value);
    if (bytes?.length === 64) signatures.push(bytes);
  }
  if (signatures.length === 0)
    return refuse(
      400,
      `${HEADER_SIGNATURE} holds no "${SIGNATURE_VERSION},<base64 Ed25519 signature>" entry`,
    );
  const publicKeys = keyHeader.split(/\s+/);
  if (publicKeys.length > MAX_KEYS_PER_REQUEST || signatures.length > MAX_KEYS_PER_REQUEST) {
    return refuse(
      400,
      `at most ${MAX_KEYS_PER_REQUEST} keys and ${MAX_KEYS_PER_REQUEST} signatures per request`,
    );
  }
  for (const key of publicKeys) {
    const decoded = decodePublicKey(key);
    if (!decoded.ok) return refuse(400, `${HEADER_KEY} "${short(key)}": ${decoded.reason}`);
  }

  const timestamp = Number(stamp);
  const skew = Math.floor(input.now.getTime() / 1000) - timestamp;
  if (skew > TIMESTAMP_TOLERANCE_S) {
    return refuse(
      401,
      `${HEADER_TIMESTAMP} is ${skew} s old; requests older than ${TIMESTAMP_TOLERANCE_S} s are refused (replayed, or the game server's clock is behind)`,
    );
  }
  if (-skew > TIMESTAMP_TOLERANCE_S) {
    return refuse(
      401,
      `${HEADER_TIMESTAMP} is ${-skew} s in the future; more than ${TIMESTAMP_TOLERANCE_S} s ahead is refused (the game server's clock is ahead)`,
    );
  }

  const known = await input.lookupKeys(publicKeys);
  if (known.length === 0) {
    return refuse(
      401,
      `key ${short(publicKeys[0] as string)} is not registered: register it with \`npm run server -- add --name <server> --public-key <key>\``,
    );
  }
  const active = known.filter((k) => k.revokedAt === null);
  if (active.length === 0) {
    const revoked = known[0] as IngestKey;
    return refuse(
      401,
      `key ${short(revoked.publicKey)} of server "${revoked.serverName}" was revoked at ${revoked.revokedAt?.toISOString()}`,
    );
  }
  if (new Set(active.map((k) => k.serverId)).size > 1)
    return refuse(401, 'the keys belong to different game servers');

  const content = signedContent(id, timestamp, input.body);
  for (const key of active) {
    const decoded = decodePublicKey(key.publicKey);
    if (!decoded.ok) continue;
    for (const signature of signatures) {
      if (await verifies(decoded.raw, signature, content)) return { ok: true, id, timestamp, key };
    }
  }
  return refuse(
    401,
    'no signature verifies with the registered keys (the body was altered, or it was signed with another key)',
  );
}

/** Fails closed: a key WebCrypto refuses to import is a signature that does not verify. */
async function verifies(
  publicKey: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  content: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  try {
    return await crypto.subtle.verify(
      'Ed25519',
      await importPublicKey(publicKey),
      signature,
      content,
    );
  } catch {
    return false;
  }
}
