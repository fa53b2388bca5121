import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

export interface TokenRefusals {
  /** Uses of this community's revoked tokens. */
  readonly revoked: number;
  /** Bearer tokens no server has (or none at all): they belong to no community, so every one sees them. */
  readonly unknown: number;
}

/** Refused stats.lua bearer tokens in the 24 hours before `now` (counted per hour). */
export async function tokenRefusalsLastDay(
  db: Queryable,
  communityId: number,
  now: Date,
): Promise<TokenRefusals> {
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const [row] = await rowsOf<{ revoked: number; unknown: number }>(
    db,
    sql`select coalesce(sum(count) filter (where reason = 'revoked' and community_id = ${communityId}), 0)::int as revoked,
      coalesce(sum(count) filter (where reason = 'unknown'), 0)::int as unknown
      from token_refusals where hour > ${since}::timestamptz - interval '1 hour'`,
  );
  return { revoked: row?.revoked ?? 0, unknown: row?.unknown ?? 0 };
}
