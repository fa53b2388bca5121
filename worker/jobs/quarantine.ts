import { sql } from 'drizzle-orm';
import { adminChannels, announceQuarantined } from '../announce/quarantine-notice.ts';
import type { Database } from '../db/database.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { quarantinedRow } from '../queries/quarantine.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { settleRound } from '../importer/import-file.ts';
import { reconsiderCopies } from '../importer/copies.ts';
import { type RecomputeSettings, recomputeAfterImport } from '../recompute/index.ts';
import { locked } from '../db/locks.ts';
import { applyPlayerMerges } from '../importer/player-merges.ts';

export type RetryOutcome =
  | {
      readonly status: 'imported';
      readonly fileName: string;
      readonly map: string;
      readonly round: 1 | 2;
    }
  | {
      readonly status: 'still-quarantined';
      readonly fileName: string;
      readonly line: number;
      readonly reason: string;
    }
  | { readonly status: 'not-found' };

/**
 * Reads a quarantined file's stored bytes again (after a reader fix), with every other copy of its name:
 * when one reads now, the round is imported as if it had just arrived (its map's pairs, sessions, merges
 * and the incremental recompute), in one transaction under the importer's lock; when none does, the
 * file's line and reason are brought up to date.
 */
export async function retryQuarantined(
  db: Queryable,
  communityId: number,
  id: number,
  settings: RecomputeSettings,
  now: Date,
): Promise<RetryOutcome> {
  return locked(
    db,
    async (tx): Promise<RetryOutcome> => {
      const [file] = await quarantinedRow(tx, communityId, id);
      if (!file) return { status: 'not-found' };
      const settle: Parameters<typeof reconsiderCopies>[4] = (inner, copy) =>
        settleRound(inner, { serverId: file.serverId, ...copy }, settings);
      const kept = await reconsiderCopies(tx, file.serverId, file.fileName, file.timeZone, settle);
      if (!kept.reading.ok || kept.roundId === null) {
        const failure = kept.reading.ok ? { line: 0, reason: 'no copy reads' } : kept.reading;
        return {
          status: 'still-quarantined',
          fileName: file.fileName,
          line: failure.line,
          reason: failure.reason,
        };
      }
      await applyPlayerMerges(tx);
      await recomputeAfterImport(tx, { roundId: kept.roundId, now }, settings);
      const { header } = kept.reading.round;
      return { status: 'imported', fileName: file.fileName, map: header.map, round: header.round };
    },
    { withImports: true },
  );
}

/**
 * Deletes a quarantined file of the community's servers for good (a test upload, a truncated copy).
 * Only quarantined files: nothing was derived from them. If the agent sends the same bytes again they are quarantined again.
 */
export async function discardQuarantined(
  db: Queryable,
  communityId: number,
  id: number,
): Promise<{ readonly fileName: string; readonly sha256: string } | undefined> {
  const [gone] = await rowsOf<{ file_name: string; sha256: string }>(
    db,
    sql`
    delete from stats_files where id = ${id} and status = 'quarantined'
      and server_id in (select g.id from game_servers g where g.community_id = ${communityId})
    returning file_name, sha256`,
  );
  return gone ? { fileName: gone.file_name, sha256: gone.sha256 } : undefined;
}

/**
 * After an upload was kept in quarantine: its community's admins are told, in each bound guild's
 * admin channel (else its announcement channel), with the commands that act on it. Posts too what
 * an earlier failed post left untold. Never throws for Discord's answers.
 */
export async function tellAdminsOfQuarantine(
  db: Database,
  rest: DiscordRest,
  fileId: number,
  now: Date,
): Promise<number> {
  const [file] = await rowsOf<{ community_id: number }>(
    db,
    sql`select g.community_id from stats_files f join game_servers g on g.id = f.server_id
      where f.id = ${fileId}`,
  );
  if (!file) return 0;
  const channels = await adminChannels(db, file.community_id);
  return channels.length === 0 ? 0 : announceQuarantined(db, rest, channels, now);
}
