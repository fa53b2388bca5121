/**
 * The endpoints Oksii's stats.lua calls (Oksii/legacy-configs, `luascripts/stats/api.lua` and
 * `stats.lua`), so a server on the `oksii/etlegacy` image sends its rounds by setting two variables:
 *
 * - `POST /ingest/stats-lua` (`STATS_API_URL_SUBMIT`): one round's JSON, gzip or plain, with
 *   `Authorization: Bearer <token>`. 201 stored · 200 the same round again (nothing stored) or another
 *   copy of a stored round (kept, reported) · 400 malformed body · 401 unknown or revoked token ·
 *   413 too large (before or after inflating) · 415 another encoding · 422 the JSON has not stats.lua's
 *   shape, or its fields contradict each other (the reason names the field) · 429 the token's rate
 *   limit · 503 database unavailable. Nothing is stored unless the answer is 201.
 * - `GET /ingest/stats-lua/matchid/<ip>/<port>` (`STATS_API_URL_MATCHID`): `{ "match_id" }`, the same
 *   for a map's two rounds, so they are stored under one match id.
 * - `GET /ingest/stats-lua/version` (`STATS_API_URL_VERSION`): etstats does not track stats.lua releases.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sql } from 'drizzle-orm';
import {
  isStatsLuaMatchId,
  readStatsLuaFileName,
  statsLuaFileName,
} from '../../stats/stats-lua/file-name.ts';
import { wallClockOf } from '../../stats/clock.ts';
import { readStatsLuaJson } from '../../stats/stats-lua/read.ts';
import type { AppEnv } from '../app.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFileWithReading } from '../importer/import-file.ts';
import type { ImportOutcome } from '../importer/outcome.ts';
import { type BearerCheck, checkBearer } from '../ingest/bearer.ts';
import { decodeStatsLuaBody, MAX_WIRE_BYTES } from '../ingest/stats-lua-body.ts';
import { checkStatsLuaShape } from '../ingest/stats-lua-schema.ts';
import { DATABASE_RETRY_AFTER_S, type IngestRouteOptions } from './ingest.ts';
import { readBodyWithin } from './limited-body.ts';

/** A map's R2 starts within this long of its R1's arrival: the match id carries over to it. */
const MATCH_REACH_MS = 45 * 60_000;

const STATUS_OF: Record<Exclude<ImportOutcome['status'], 'skipped'>, ContentfulStatusCode> = {
  imported: 201,
  duplicate: 200,
  quarantined: 422,
  conflict: 200,
  companion: 201,
};

export function statsLuaRoutes(options: IngestRouteOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const unavailable = (c: { header(k: string, v: string): void }, error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    console.error(
      JSON.stringify({
        event: 'stats_lua.database_unavailable',
        error: String(cause instanceof Error ? cause.message : cause).slice(0, 300),
      }),
    );
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
    return { error: 'database unavailable; retry later', retryAfterS: DATABASE_RETRY_AFTER_S };
  };

  const refused = (
    check: Exclude<BearerCheck, { ok: true }>,
    c: { header(k: string, v: string): void },
  ) => {
    if (check.retryAfterS) c.header('Retry-After', String(check.retryAfterS));
    return { error: check.reason };
  };

  // stats.lua posts to whatever URL it is given; `/submit` is the path its own API uses.
  app.on('POST', ['/ingest/stats-lua', '/ingest/stats-lua/submit'], async (c) => {
    const db = c.get('db');
    const deps = c.get('deps');
    const read = await readBodyWithin(c.req.raw, MAX_WIRE_BYTES);
    if (!read.ok)
      return c.json(
        {
          error: `the request body is over ${MAX_WIRE_BYTES} bytes; stats.lua sends one round gzipped`,
        },
        413,
      );
    let bearer: BearerCheck;
    try {
      bearer = await checkBearer(db, c.req.header('authorization') ?? null, deps.now());
    } catch (error) {
      return c.json(unavailable(c, error), 503);
    }
    if (!bearer.ok) return c.json(refused(bearer, c), bearer.status);
    const { server } = bearer;

    const decoded = await decodeStatsLuaBody(read.bytes, c.req.header('content-encoding') ?? null);
    if (!decoded.ok) return c.json({ error: decoded.reason }, decoded.status);
    const shape = checkStatsLuaShape(decoded.json);
    if (!shape.ok) return c.json({ error: `not a stats.lua round: ${shape.reason}` }, 422);
    const { round_info: info, metadata } = shape.payload;
    const matchId = metadata?.matchID ?? info.matchID;
    if (matchId === undefined)
      return c.json({ error: 'metadata.matchID is missing: stats.lua always sends one' }, 422);
    if (!isStatsLuaMatchId(matchId))
      return c.json(
        {
          error: `metadata.matchID "${matchId.slice(0, 64)}" has characters outside A-Z a-z 0-9 _ . :`,
        },
        422,
      );
    const localTime = wallClockOf(info.round_end_unix * 1000, server.timeZone);
    const fileName = statsLuaFileName(matchId, localTime, info.mapname, info.round as 1 | 2);
    // Read as the importer reads the stored bytes, before anything is stored (a contradiction stores
    // nothing), from the value parsed once above: the importer takes this reading instead of parsing again.
    const reading = readStatsLuaJson(fileName, decoded.json);
    if (!reading.ok) return c.json({ error: `the round cannot be read: ${reading.reason}` }, 422);

    let outcome: ImportOutcome;
    try {
      ({ outcome } = await importStatsFileWithReading(
        db,
        { serverId: server.serverId, fileName, bytes: decoded.bytes, receivedAt: deps.now() },
        { sessionGapMinutes: deps.config.sessionGapMinutes },
        reading,
      ));
    } catch (error) {
      return c.json(unavailable(c, error), 503);
    }
    if (outcome.status === 'skipped') return c.json({ error: outcome.reason }, 422);
    if (outcome.status !== 'duplicate' && options.afterImport) {
      const s = { id: server.serverId, name: server.serverName, timeZone: server.timeZone };
      c.get('background')(options.afterImport(outcome, { db, deps, server: s, fileName }));
    }
    return c.json({ ...outcome, fileName }, STATUS_OF[outcome.status]);
  });

  app.get('/ingest/stats-lua/matchid/:ip/:port', async (c) => {
    const db = c.get('db');
    const now = c.get('deps').now();
    let bearer: BearerCheck;
    try {
      bearer = await checkBearer(db, c.req.header('authorization') ?? null, now);
    } catch (error) {
      return c.json(unavailable(c, error), 503);
    }
    if (!bearer.ok) return c.json(refused(bearer, c), bearer.status);
    const [last] = await rowsOf<{ file_name: string; received_ms: number }>(
      db,
      sql`select file_name, (extract(epoch from received_at) * 1000)::float8 as received_ms from stats_files
        where server_id = ${bearer.server.serverId} and file_name like 'stats-%.json'
        order by received_at desc, id desc limit 1`,
    );
    const previous = last ? readStatsLuaFileName(last.file_name) : null;
    // After a map's R1 its R2 comes next: it keeps the R1's match id. Anything else starts a new one.
    const carried =
      previous &&
      previous.round === 1 &&
      now.getTime() - Number(last?.received_ms) < MATCH_REACH_MS;
    const matchId = carried
      ? previous.matchId
      : `${bearer.server.serverId}.${Math.floor(now.getTime() / 1000)}`;
    return c.json({ match_id: matchId });
  });

  app.get('/ingest/stats-lua/version', (c) =>
    c.json(
      {
        error:
          'etstats does not track stats.lua releases; set STATS_API_VERSION_CHECK=false to skip this check',
      },
      404,
    ),
  );
  return app;
}
