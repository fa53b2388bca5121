/**
 * `POST /ingest/live`: an agent's live snapshot (ingest-protocol/live.ts), signed like an upload, its
 * webhook-id the SHA-256 of the body. 200 stored · 200 `{"status":"older"}` when a newer one is kept ·
 * 400 malformed · 401 refused signature · 413 too large. A snapshot showing a new map runs `onMapStart`
 * after the answer ("map started" posts).
 */
import { Hono } from 'hono';
import { MAX_LIVE_BODY_BYTES, checkLiveSnapshot } from '../../ingest-protocol/live.ts';
import type { AppEnv } from '../app.ts';
import type { Database } from '../db/database.ts';
import { storeLiveSnapshot } from '../jobs/live.ts';
import { readSignedAgentJson } from './signed-agent-json.ts';

export interface LiveRouteOptions {
  readonly onMapStart?: (db: Database, communityId: number) => Promise<unknown>;
}

export function liveRoutes(options: LiveRouteOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/ingest/live', async (c) => {
    const db = c.get('db');
    const signed = await readSignedAgentJson(c, MAX_LIVE_BODY_BYTES);
    if (!signed.ok) return signed.response;
    const checked = checkLiveSnapshot(signed.json);
    if (!checked.ok) return c.json({ error: checked.reason }, 400);
    const now = c.get('deps').now();
    const stored = await storeLiveSnapshot(db, signed.key.serverId, checked.snapshot, now);
    if (stored.mapStart && options.onMapStart)
      c.get('background')(options.onMapStart(db, stored.mapStart.communityId));
    return c.json({ status: stored.stored ? 'stored' : 'older' }, 200);
  });
  return app;
}
