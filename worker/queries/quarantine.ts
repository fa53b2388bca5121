import { and, eq, sql } from 'drizzle-orm';
import { gameServers, statsFiles } from '../../schema/ingest.ts';
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
export async function listQuarantine(
  db: Queryable,
  communityId: number,
  { limit = 100 }: { readonly limit?: number } = {},
): Promise<QuarantinedFile[]> {
  return rowsOf<QuarantinedFile>(
    db,
    sql`
    select f.id::int as id, g.name as server, f.file_name, f.size, ${isoTime('f.received_at')} as received_at, f.error_line as line, f.error_reason as reason
    from stats_files f join game_servers g on g.id = f.server_id
    where f.status = 'quarantined' and g.community_id = ${communityId}
    order by f.received_at desc, f.id desc limit ${limit}`,
  );
}

/** One quarantined file in full: where it came from, why it was refused, and the line that was refused. */
export interface QuarantinedDetail {
  readonly id: number;
  readonly server: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly receivedAt: string;
  readonly line: number;
  readonly reason: string;
  /** The refused line as stored (null for line 0, the file name). */
  readonly text: string | null;
}

/** A quarantined file's row with its bytes, of the community's servers (its detail, the retry job). */
export function quarantinedRow(db: Queryable, communityId: number, id: number) {
  // The query builder, not raw SQL: bytea comes back as a Buffer, a Uint8Array or hex text depending on the driver.
  return db
    .select({
      serverId: statsFiles.serverId,
      server: gameServers.name,
      timeZone: gameServers.timeZone,
      fileName: statsFiles.fileName,
      sha256: statsFiles.sha256,
      size: statsFiles.size,
      receivedAt: statsFiles.receivedAt,
      line: statsFiles.errorLine,
      reason: statsFiles.errorReason,
      bytes: statsFiles.bytes,
    })
    .from(statsFiles)
    .innerJoin(gameServers, eq(gameServers.id, statsFiles.serverId))
    .where(
      and(
        eq(statsFiles.id, id),
        eq(statsFiles.status, 'quarantined'),
        eq(gameServers.communityId, communityId),
      ),
    );
}

export async function quarantinedFile(
  db: Queryable,
  communityId: number,
  id: number,
): Promise<QuarantinedDetail | undefined> {
  const [row] = await quarantinedRow(db, communityId, id);
  if (!row) return undefined;
  const line = row.line ?? 0;
  const text =
    line >= 1
      ? (new TextDecoder('latin1').decode(row.bytes).split(/\r?\n/)[line - 1] ?? null)
      : null;
  return {
    id,
    server: row.server,
    fileName: row.fileName,
    sha256: row.sha256,
    size: row.size,
    receivedAt: row.receivedAt.toISOString(),
    line,
    reason: row.reason ?? '',
    text,
  };
}

/** A file of that name that was received but could not be read (the JSON API's answer for it). */
export async function quarantinedByName(db: Queryable, communityId: number, fileName: string) {
  const [file] = await db
    .select({ id: statsFiles.id, line: statsFiles.errorLine, reason: statsFiles.errorReason })
    .from(statsFiles)
    .innerJoin(gameServers, eq(gameServers.id, statsFiles.serverId))
    .where(
      and(
        eq(statsFiles.fileName, fileName),
        eq(statsFiles.status, 'quarantined'),
        eq(gameServers.communityId, communityId),
      ),
    )
    .limit(1);
  return file;
}
