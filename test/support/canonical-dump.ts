import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../worker/db/database.ts';
import { rowsOf } from '../../worker/db/rows.ts';

/**
 * Everything the database holds, keyed by natural keys (a file's normalised SHA-256, a GUID, a session's
 * start) instead of generated ids, so two databases built from the same files in different orders compare
 * equal: a round read from its LF copy or from its CRLF copy is the same round.
 */
export async function canonicalDump(db: Database) {
  const q = (query: SQL) => rowsOf<Record<string, unknown>>(db, query);
  return {
    files:
      await q(sql`select g.name as server, f.sha256, f.file_name, f.size, f.status, f.error_line, f.error_reason, encode(f.bytes, 'hex') as bytes
      from stats_files f join game_servers g on g.id = f.server_id order by f.sha256`),
    rounds:
      await q(sql`select coalesce(f.normalized_sha256, f.sha256) as sha256, r.map, r.round, r.local_time, r.ended_at, r.started_at, r.server_name, r.config, r.defender, r.winner,
        r.time_limit_s, r.next_time_limit_s, r.playtime_s, r.legacy_header, r.duration_s, r.duration_source, r.attackers_won, r.orphan,
        r.player_count, r.bot_count, r.empty, r.ext_fields, r.bullets_known, r.r2_per_round, r.reader_version,
        coalesce(m1.normalized_sha256, m1.sha256) as match_r1, s.started_at as session
      from rounds r join stats_files f on f.id = r.file_id
      left join matches m on m.id = r.match_id left join rounds mr on mr.id = m.round1_id left join stats_files m1 on m1.id = mr.file_id
      left join gaming_sessions s on s.id = r.session_id order by coalesce(f.normalized_sha256, f.sha256)`),
    matches:
      await q(sql`select coalesce(f1.normalized_sha256, f1.sha256) as r1, coalesce(f2.normalized_sha256, f2.sha256) as r2, m.map, m.started_at, m.ended_at, m.first_attackers_side,
        m.first_attackers_points, m.first_defenders_points
      from matches m join rounds r1 on r1.id = m.round1_id join stats_files f1 on f1.id = r1.file_id
      left join rounds r2 on r2.id = m.round2_id left join stats_files f2 on f2.id = r2.file_id order by coalesce(f1.normalized_sha256, f1.sha256)`),
    players: await q(sql`select * from players order by guid`),
    aliases: await q(sql`select * from player_aliases order by guid, name_raw`),
    playerRounds:
      await q(sql`select coalesce(f.normalized_sha256, f.sha256) as sha256, pr.* from player_rounds pr join rounds r on r.id = pr.round_id
      join stats_files f on f.id = r.file_id order by coalesce(f.normalized_sha256, f.sha256), pr.guid`),
    weapons:
      await q(sql`select coalesce(f.normalized_sha256, f.sha256) as sha256, w.guid, w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots from player_weapon_rounds w
      join rounds r on r.id = w.round_id join stats_files f on f.id = r.file_id order by coalesce(f.normalized_sha256, f.sha256), w.guid, w.weapon`),
    sessions:
      await q(sql`select s.started_at, s.ended_at, s.round_count, s.map_count, s.player_count,
        (select string_agg(coalesce(f.normalized_sha256, f.sha256), ',' order by coalesce(f.normalized_sha256, f.sha256)) from rounds r join stats_files f on f.id = r.file_id where r.session_id = s.id) as rounds
      from gaming_sessions s order by s.started_at`),
  };
}

/** Drops generated ids from rows (round_id and the like differ between equal databases). */
export function withoutIds<T>(dump: T): T {
  return JSON.parse(
    JSON.stringify(dump, (key, value) => (key === 'round_id' ? undefined : value)),
  ) as T;
}
