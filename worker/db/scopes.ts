import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from './database.ts';
import { rowsOf } from './rows.ts';

// SQL that both sides of the house use over the stored rows: the reads that answer (`worker/queries`) and
// the jobs that derive (`worker/recompute`), so neither has to import the other.

/**
 * `true` for a `rounds` (or any table with `server_id`) alias whose server is the community's: the
 * filter every read of rounds, sessions and matches goes through.
 */
export function ofCommunity(communityId: number, alias = 'r'): SQL {
  return sql`${sql.raw(`${alias}.server_id`)} in (select g.id from game_servers g where g.community_id = ${communityId})`;
}

/** `true` when the GUID (an SQL expression) played a round on one of the community's servers. */
export function playedIn(communityId: number, guid: SQL): SQL {
  return sql`exists (select 1 from player_rounds pr_c join rounds r_c on r_c.id = pr_c.round_id
    where pr_c.guid = ${guid} and ${ofCommunity(communityId, 'r_c')})`;
}

/**
 * The name a player is shown by everywhere (commands, charts, the JSON API, announcements, the website):
 * in a community, the name of their latest round on its servers (`player_community_names`, which the
 * recompute writes), so a community never shows a name its player used only in another one; until the
 * recompute has covered a player, and where no community is concerned (`null`), the latest name over
 * every community (`players.name`, which the importer keeps). Colour codes stripped. A round's own name
 * is never shown for a player: a table of an old map or session would then name them by an alias they
 * dropped while the leaderboard beside it names them by the new one. Falls back to the GUID, so a row is
 * never nameless.
 */
export function shownName(guid: SQL, communityId: number | null): SQL {
  return sql`coalesce(${seenIn('name', guid, communityId)}, ${guid})`;
}

/**
 * A player's name (colour codes stripped, or as written), or when their first or latest round ended, as
 * the community knows them (on its servers only: `player_community_names`), else as `players` has them
 * (every community; until the recompute has covered the player, or with `communityId` null).
 */
export function seenIn(
  column: 'name' | 'name_raw' | 'first_seen_at' | 'last_seen_at',
  guid: SQL,
  communityId: number | null,
): SQL {
  const c = sql.raw(column);
  const global = sql`(select p_s.${c} from players p_s where p_s.guid = ${guid})`;
  if (communityId === null) return global;
  return sql`coalesce((select c_s.${c} from player_community_names c_s where c_s.community_id = ${communityId} and c_s.guid = ${guid}),
    ${global})`;
}

/** When the community's latest round ended; null when it has none. */
export async function latestPlayOf(db: Queryable, communityId: number): Promise<Date | null> {
  const [row] = await rowsOf<{ at: string | null }>(
    db,
    sql`select to_json(max(r.ended_at))#>>'{}' as at from rounds r where ${ofCommunity(communityId)}`,
  );
  return row?.at ? new Date(row.at) : null;
}
