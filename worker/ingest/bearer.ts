/**
 * Checking a stats.lua request's `Authorization: Bearer <token>`: the token's hash against the stored
 * ones, compared in constant time; unknown and revoked tokens refused (401) and counted per hour for
 * `/admin status`; then the token's rate limit (429).
 */
import { sql } from 'drizzle-orm';
import type { TokenRefusal } from '../../schema/stats-lua.ts';
import type { Database } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { tokenHash } from './tokens.ts';

/** Requests per token per window: a round every few minutes, and the Lua's three retries, fit easily. */
export const TOKEN_RATE_LIMIT = 60;
export const TOKEN_RATE_WINDOW_S = 60;

export interface TokenServer {
  readonly tokenId: number;
  readonly serverId: number;
  readonly serverName: string;
  readonly timeZone: string;
  readonly communityId: number;
}

export type BearerCheck =
  | { readonly ok: true; readonly server: TokenServer }
  | {
      readonly ok: false;
      readonly status: 401 | 429;
      readonly reason: string;
      readonly retryAfterS?: number;
    };

/** Equal strings in a time that depends on their length only (both are 64 hex characters here). */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

async function countRefusal(db: Database, reason: TokenRefusal, communityId: number, now: Date) {
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  await db.execute(sql`insert into token_refusals (hour, community_id, reason, count)
    values (${hour}::timestamptz, ${communityId}, ${reason}, 1)
    on conflict (hour, community_id, reason) do update set count = token_refusals.count + 1`);
}

const BEARER = /^Bearer\s+(\S{1,200})\s*$/i;

export async function checkBearer(
  db: Database,
  authorization: string | null,
  now: Date,
): Promise<BearerCheck> {
  const m = BEARER.exec(authorization ?? '');
  if (!m) {
    await countRefusal(db, 'unknown', 0, now);
    return {
      ok: false,
      status: 401,
      reason:
        'no bearer token: set STATS_API_TOKEN to the token `npm run server -- add-token` printed',
    };
  }
  const hash = await tokenHash(m[1] as string);
  const at = now.toISOString();
  // One round trip on the usual path: a valid token counts the request in its window as it is found.
  const [window] = await rowsOf<{
    id: number;
    token_hash: string;
    count: number;
    started: string;
    server_id: number;
    name: string;
    time_zone: string;
    community_id: number;
  }>(
    db,
    sql`update server_tokens t set
      window_count = case when t.window_started_at is null or t.window_started_at <= ${at}::timestamptz - make_interval(secs => ${TOKEN_RATE_WINDOW_S})
        then 1 else t.window_count + 1 end,
      window_started_at = case when t.window_started_at is null or t.window_started_at <= ${at}::timestamptz - make_interval(secs => ${TOKEN_RATE_WINDOW_S})
        then ${at}::timestamptz else t.window_started_at end,
      last_used_at = ${at}::timestamptz
      from game_servers s
      where t.token_hash = ${hash} and t.revoked_at is null and s.id = t.server_id
      returning t.id, t.token_hash, t.window_count as count, ${isoTime('t.window_started_at')} as started,
        s.id as server_id, s.name, s.time_zone, s.community_id`,
  );
  if (!window || !constantTimeEqual(window.token_hash, hash)) {
    const [revoked] = await rowsOf<{ community_id: number }>(
      db,
      sql`select s.community_id from server_tokens t join game_servers s on s.id = t.server_id
        where t.token_hash = ${hash} and t.revoked_at is not null`,
    );
    if (revoked) {
      await countRefusal(db, 'revoked', revoked.community_id, now);
      return {
        ok: false,
        status: 401,
        reason: 'this token was revoked: make a new one with `npm run server -- add-token`',
      };
    }
    await countRefusal(db, 'unknown', 0, now);
    return {
      ok: false,
      status: 401,
      reason: 'unknown token: use the token `npm run server -- add-token` printed for this server',
    };
  }
  if (window.count > TOKEN_RATE_LIMIT) {
    const left = TOKEN_RATE_WINDOW_S - (now.getTime() - Date.parse(window.started)) / 1000;
    const retryAfterS = Math.max(1, Math.ceil(left));
    return {
      ok: false,
      status: 429,
      reason: `over ${TOKEN_RATE_LIMIT} requests in ${TOKEN_RATE_WINDOW_S} s with this token; retry in ${retryAfterS} s`,
      retryAfterS,
    };
  }
  return {
    ok: true,
    server: {
      tokenId: window.id,
      serverId: window.server_id,
      serverName: window.name,
      timeZone: window.time_zone,
      communityId: window.community_id,
    },
  };
}
