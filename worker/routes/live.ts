/**
 * `POST /ingest/live`: an agent's live snapshot (ingest-protocol/live.ts), signed like an upload, its
 * webhook-id the SHA-256 of the body. 200 stored · 200 `{"status":"older"}` when a newer one is kept ·
 * 400 malformed · 401 refused signature · 413 too large.
 */
import { Hono } from 'hono';
import { sha256Hex } from '../../stats/file-id.ts';
import { MAX_LIVE_BODY_BYTES, checkLiveSnapshot } from '../../ingest-protocol/live.ts';
import type { AppEnv } from '../app.ts';
import { lookupIngestKeys } from '../ingest/registry.ts';
import { verifyIngestSignature } from '../ingest/verify.ts';
import { storeLiveSnapshot } from '../jobs/live.ts';
import { readBodyWithin } from './limited-body.ts';

export function liveRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/ingest/live', async (c) => {
    const db = c.get('db');
    const now = c.get('deps').now();
    const read = await readBodyWithin(c.req.raw, MAX_LIVE_BODY_BYTES);
    if (!read.ok)
      return c.json({ error: `request body is over ${MAX_LIVE_BODY_BYTES} bytes` }, 413);
    const verified = await verifyIngestSignature({
      headers: c.req.raw.headers,
      body: read.bytes,
      now,
      lookupKeys: lookupIngestKeys(db),
    });
    if (!verified.ok) return c.json({ error: verified.reason }, verified.status);
    if ((await sha256Hex(read.bytes)) !== verified.id)
      return c.json({ error: 'webhook-id is not the SHA-256 of the body' }, 400);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    const checked = checkLiveSnapshot(json);
    if (!checked.ok) return c.json({ error: checked.reason }, 400);
    const stored = await storeLiveSnapshot(db, verified.key.serverId, checked.snapshot, now);
    return c.json({ status: stored ? 'stored' : 'older' }, 200);
  });
  return app;
}
