import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { ofCommunity } from '../db/scopes.ts';

/**
 * Writes the names the community shows its players by (schema/recompute.ts: player_community_names):
 * the name of each player's latest round on the community's servers, two rounds ending at one instant
 * ordered by the name's text (as the importer orders `players.name`), and when their first and latest
 * rounds there ended. Of `guids`, or of every player with 'all', replacing what was stored for them.
 * Migration 0023 fills the table the same way.
 */
export async function recomputeNames(
  tx: Queryable,
  communityId: number,
  guids: readonly string[] | 'all',
): Promise<void> {
  if (guids !== 'all' && guids.length === 0) return;
  const whose = (alias: string) =>
    guids === 'all' ? sql`true` : sql`${sql.raw(`${alias}.guid`)} in ${guids}`;
  await tx.execute(
    sql`delete from player_community_names n where n.community_id = ${communityId} and ${whose('n')}`,
  );
  await tx.execute(sql`
    insert into player_community_names (community_id, guid, name, name_raw, first_seen_at, last_seen_at)
    select ${communityId}, pr.guid, (array_agg(pr.name order by r.ended_at desc, pr.name_raw desc))[1],
      (array_agg(pr.name_raw order by r.ended_at desc, pr.name_raw desc))[1], min(r.ended_at), max(r.ended_at)
    from player_rounds pr join rounds r on r.id = pr.round_id
    where ${ofCommunity(communityId)} and ${whose('pr')}
    group by pr.guid`);
}
