import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/** An 8-character prefix two or more full GUIDs share in a community's stats.lua rounds. */
export interface SharedPrefix {
  readonly prefix: string;
  /** The full GUID seen first: filed under the prefix (with the round files' players of that prefix). */
  readonly owner: string;
  /** The other full GUIDs: each filed apart under its own 32 characters. */
  readonly others: readonly string[];
}

/** The community's shared prefixes (at most `limit`, by prefix), with how many there are in all. */
export async function sharedGuidPrefixes(
  db: Queryable,
  communityId: number,
  limit = 4,
): Promise<{ readonly total: number; readonly shared: SharedPrefix[] }> {
  const rows = await rowsOf<{ prefix: string; guids: string[]; total: number }>(
    db,
    sql`with firsts as (select g.prefix, g.guid, min(g.ended_at) as first_at from stats_lua_guids g
        join game_servers s on s.id = g.server_id where s.community_id = ${communityId} group by g.prefix, g.guid)
      select prefix, array_agg(guid order by first_at, guid) as guids, (count(*) over ())::int as total
      from firsts group by prefix having count(*) > 1 order by prefix limit ${limit}`,
  );
  return {
    total: rows[0]?.total ?? 0,
    shared: rows.map((r) => ({
      prefix: r.prefix,
      owner: r.guids[0] as string,
      others: r.guids.slice(1),
    })),
  };
}
