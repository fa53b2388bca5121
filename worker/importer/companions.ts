import { sql } from 'drizzle-orm';
import type { EndStats } from '../../stats/endstats.ts';
import { normalizedSha256Hex, sha256Hex } from '../../stats/file-id.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { ImportOutcome, StatsUpload } from './outcome.ts';
import { bumpedWith } from '../db/data-version.ts';

/**
 * Stores an endstats companion (STATS_FORMAT.md, "Companion files") with what it says, read now, so no
 * command ever parses it. It belongs to the round file of the same stem and server, whichever of the two
 * arrives first: nothing links them but that name. A copy equal once normalised is stored once.
 * `endStats` is what readEndStats read of the bytes (a refused file is quarantined instead). A newly stored
 * one moves the community's data version: the session page shows the server's awards.
 */
export async function importCompanion(
  db: Database,
  upload: StatsUpload,
  roundFileName: string,
  endStats: EndStats,
): Promise<ImportOutcome> {
  const sha256 = await sha256Hex(upload.bytes);
  const normalized = await normalizedSha256Hex(upload.bytes);
  const content = JSON.stringify(endStats);
  const [row] = await rowsOf<{ id: number; stored: boolean }>(
    db,
    sql`with ins as (
      insert into companion_files (server_id, file_name, round_file_name, kind, sha256, normalized_sha256, bytes, size, received_at, content)
      values (${upload.serverId}, ${upload.fileName}, ${roundFileName}, 'endstats', ${sha256}, ${normalized}, ${upload.bytes},
        ${upload.bytes.length}, ${upload.receivedAt.toISOString()}::timestamptz, ${content}::jsonb)
      on conflict (server_id, file_name, normalized_sha256) do nothing returning id),
    ${bumpedWith(upload.serverId, sql`ins`)}
    select id::int as id, true as stored from ins
    union all
    select id::int, false from companion_files
      where server_id = ${upload.serverId} and file_name = ${upload.fileName} and normalized_sha256 = ${normalized}
    limit 1`,
  );
  if (!row) throw new Error(`companion ${upload.fileName} was neither stored nor found`);
  return { status: 'companion', fileId: row.id, roundFileName, stored: row.stored };
}
