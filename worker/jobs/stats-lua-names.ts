import { sql } from 'drizzle-orm';
import { readStatsLuaFileName, statsLuaFileName } from '../../stats/stats-lua/file-name.ts';
import { wallClockOf } from '../../stats/clock.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * A stats.lua round's end is an instant (`round_end_unix`); its stored name only shows it on the server's
 * clock. When that clock's zone changes, the names (and their rounds' local times) are written again in
 * the new zone, so that re-timing the server's rounds leaves stats.lua rounds where they were.
 */
export async function renameStatsLuaRounds(tx: Queryable, serverId: number, zone: string) {
  const files = await rowsOf<{ id: number; file_name: string; bytes: Uint8Array }>(
    tx,
    sql`select id, file_name, bytes from stats_files where server_id = ${serverId} and file_name like 'stats-%.json'`,
  );
  for (const file of files) {
    const named = readStatsLuaFileName(file.file_name);
    if (!named) continue;
    let endUnix: unknown;
    try {
      endUnix = JSON.parse(new TextDecoder().decode(file.bytes))?.round_info?.round_end_unix;
    } catch {
      continue; // unreadable JSON is quarantined under its name: nothing of it is timed
    }
    if (typeof endUnix !== 'number') continue;
    const localTime = wallClockOf(endUnix * 1000, zone);
    const name = statsLuaFileName(named.matchId, localTime, named.map, named.round);
    if (name === file.file_name) continue;
    await tx.execute(sql`with f as (update stats_files set file_name = ${name} where id = ${file.id})
      update rounds set local_time = ${localTime} where file_id = ${file.id}`);
  }
}
