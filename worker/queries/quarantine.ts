import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';

export interface QuarantinedFile {
  id: number;
  server: string;
  file_name: string;
  size: number;
  received_at: string;
  line: number;
  reason: string;
}

/** Files that were received but could not be read as a round, newest first. Their bytes are kept. */
export async function listQuarantine(db: Queryable, limit = 100): Promise<QuarantinedFile[]> {
  return rowsOf<QuarantinedFile>(
    db,
    sql`
    select f.id::int as id, g.name as server, f.file_name, f.size, ${isoTime('f.received_at')} as received_at, f.error_line as line, f.error_reason as reason
    from stats_files f join game_servers g on g.id = f.server_id
    where f.status = 'quarantined' order by f.received_at desc, f.id desc limit ${limit}`,
  );
}
