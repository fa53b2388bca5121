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
 * The name a player is shown by everywhere (commands, charts, the JSON API, announcements): the latest
 * name their GUID was seen with, colour codes stripped. The importer keeps it in `players.name` (the name
 * of the GUID's most recent round; merges and rebuilds keep it too). A round's own name is never shown
 * for a player: a table of an old map or session would then name them by an alias they dropped while
 * the leaderboard beside it names them by the new one. Falls back to the GUID, so a row is never nameless.
 */
export function shownName(guid: SQL): SQL {
  return sql`coalesce((select p_n.name from players p_n where p_n.guid = ${guid}), ${guid})`;
}

/** When the community's latest round ended; null when it has none. */
export async function latestPlayOf(db: Queryable, communityId: number): Promise<Date | null> {
  const [row] = await rowsOf<{ at: string | null }>(
    db,
    sql`select to_json(max(r.ended_at))#>>'{}' as at from rounds r where ${ofCommunity(communityId)}`,
  );
  return row?.at ? new Date(row.at) : null;
}
