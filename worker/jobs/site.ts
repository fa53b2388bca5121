import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * Turns a community's website on or off (`/admin site on|off`); true when that changed anything. The data
 * version moves too, so no cached page outlives the switch.
 */
export async function setSiteEnabled(
  db: Queryable,
  communityId: number,
  enabled: boolean,
): Promise<boolean> {
  const changed = await rowsOf<{ id: number }>(
    db,
    sql`update communities set site_enabled = ${enabled}, data_version = data_version + 1
    where id = ${communityId} and site_enabled <> ${enabled} returning id`,
  );
  return changed.length > 0;
}
