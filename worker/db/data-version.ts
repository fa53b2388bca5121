import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from './database.ts';

/**
 * Marks a community's data as changed: the website keys its caches and ETags by this number, so a page
 * is drawn again after the write and served from cache until the next one. Called inside the writing
 * transaction, so a reader never sees the new version with the old rows.
 */
export async function bumpDataVersion(db: Queryable, communityIds: readonly number[] | 'all') {
  if (communityIds === 'all') {
    await db.execute(sql`update communities set data_version = data_version + 1`);
    return;
  }
  if (communityIds.length === 0) return;
  await db.execute(
    sql`update communities set data_version = data_version + 1 where id in ${[...communityIds]}`,
  );
}

/** Moves the data version of a game server's community, when `when` holds. */
const ofServer = (serverId: number, when: SQL) =>
  sql`update communities set data_version = data_version + 1
    where id = (select community_id from game_servers where id = ${serverId}) and ${when}`;

/** The same, for the community of a game server (an import knows only its server). */
export async function bumpDataVersionOfServer(db: Queryable, serverId: number) {
  await db.execute(ofServer(serverId, sql`true`));
}

/**
 * The same as a CTE of a writing statement, when `written` (a CTE of that statement) returned a row:
 * the version moves in the transaction that writes, and a write that stored nothing new moves nothing.
 */
export function bumpedWith(serverId: number, written: SQL): SQL {
  return sql`bumped as (${ofServer(serverId, sql`exists (select 1 from ${written})`)})`;
}
