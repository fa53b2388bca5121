/**
 * The agent's signed JSON requests beside its uploads (`/ingest/live`, `/ingest/commands`,
 * `/ingest/commands/outcome`): signed like an upload (ingest-protocol/sign.ts), the webhook-id the SHA-256
 * of the body. Either the parsed JSON and the key's game server, or the answer that refuses it.
 */
import type { Context } from 'hono';
import { sha256Hex } from '../../stats/file-id.ts';
import type { AppEnv } from '../app.ts';
import { type IngestKey, verifyIngestSignature } from '../ingest/verify.ts';
import { lookupIngestKeys } from '../ingest/registry.ts';
import { readBodyWithin } from './limited-body.ts';

export type SignedJson =
  | { readonly ok: true; readonly json: unknown; readonly key: IngestKey }
  | { readonly ok: false; readonly response: Response };

export async function readSignedAgentJson(
  c: Context<AppEnv>,
  maxBytes: number,
): Promise<SignedJson> {
  const refuse = (error: string, status: 400 | 401 | 413): SignedJson => ({
    ok: false,
    response: c.json({ error }, status),
  });
  const read = await readBodyWithin(c.req.raw, maxBytes);
  if (!read.ok) return refuse(`request body is over ${maxBytes} bytes`, 413);
  const verified = await verifyIngestSignature({
    headers: c.req.raw.headers,
    body: read.bytes,
    now: c.get('deps').now(),
    lookupKeys: lookupIngestKeys(c.get('db')),
  });
  if (!verified.ok) return refuse(verified.reason, verified.status);
  if ((await sha256Hex(read.bytes)) !== verified.id)
    return refuse('webhook-id is not the SHA-256 of the body', 400);
  try {
    return { ok: true, json: JSON.parse(new TextDecoder().decode(read.bytes)), key: verified.key };
  } catch {
    return refuse('body is not JSON', 400);
  }
}
