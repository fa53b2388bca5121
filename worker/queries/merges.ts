import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { isoTime, rowsOf } from '../db/rows.ts';

/** A merge of two GUIDs of one person (see worker/importer/player-merges.ts for what applying it does). */
export interface PlayerMerge {
  readonly merged_guid: string;
  readonly kept_guid: string;
  readonly merged_name: string | null;
  readonly kept_name: string | null;
  readonly merged_by: string;
  readonly merged_at: string;
}

/** Every merge, newest first, with both players' current names. */
export async function listMerges(db: Queryable, communityId: number): Promise<PlayerMerge[]> {
  return rowsOf<PlayerMerge>(
    db,
    sql`
    select m.merged_guid, m.kept_guid, ${shownName(sql`m.merged_guid`, communityId)} as merged_name, ${shownName(sql`m.kept_guid`, communityId)} as kept_name, m.merged_by, ${isoTime('m.merged_at')} as merged_at
    from player_merges m
    where m.community_id = ${communityId}
    order by m.merged_at desc, m.merged_guid`,
  );
}
