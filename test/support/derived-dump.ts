import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../worker/db/database.ts';
import { isoTime, rowsOf } from '../../worker/db/rows.ts';

/**
 * Everything the recompute derives, in a stable order: two states of one database that give the same
 * answers dump equal (tests compare incremental against full recompute, and a run against a second run).
 */
export async function derivedDump(db: Queryable) {
  const q = (query: SQL) => rowsOf<Record<string, unknown>>(db, query);
  return {
    teams: await q(sql`select * from session_teams order by session_id, guid`),
    maps: await q(sql`select * from session_maps order by session_id, play_order`),
    results: await q(sql`select * from session_results order by session_id`),
    periods:
      await q(sql`select id, kind, name, session_id, season_key, ${isoTime('starts_at')} as starts_at, ${isoTime('ends_at')} as ends_at
      from leaderboard_periods order by id`),
    entries: await q(sql`select * from leaderboard_entries order by period, metric, rank, guid`),
    achievements:
      await q(sql`select guid, achievement, ${isoTime('unlocked_at')} as unlocked_at, round_id, file_id::text, round_number
      from player_achievements order by guid, achievement`),
    ratingMaps:
      await q(sql`select round_id, community_id, match_id, map, ${isoTime('ended_at')} as ended_at, status, expected, first_points
      from rating_maps order by round_id`),
    ratingChanges:
      await q(sql`select round_id, key, community_id, ${isoTime('ended_at')} as ended_at, coefficient, mu_before, sigma2_before, mu_after, sigma2_after
      from rating_changes order by round_id, key`),
    ratingCurrent:
      await q(sql`select community_id, key, round_id, ${isoTime('ended_at')} as ended_at, mu, sigma2, maps
      from rating_current order by community_id, key`),
    playerWeapons: await q(
      sql`select * from player_weapon_totals order by community_id, guid, weapon`,
    ),
    weaponMonths: await q(sql`select * from weapon_months order by community_id, month, weapon`),
    communityNames: await q(sql`select * from player_community_names order by community_id, guid`),
  };
}
