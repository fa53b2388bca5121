import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';

/** The stored file a round of the community was read from: its name and bytes; null when not its. */
export async function roundSourceFile(
  db: Queryable,
  communityId: number,
  roundId: number,
): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const [row] = await rowsOf<{ file_name: string; bytes: Uint8Array }>(
    db,
    sql`select f.file_name, f.bytes from rounds r join stats_files f on f.id = r.file_id
      where r.id = ${roundId} and ${ofCommunity(communityId)}`,
  );
  return row ? { fileName: row.file_name, bytes: row.bytes } : null;
}
