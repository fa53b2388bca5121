import { sql } from 'drizzle-orm';
import { MIN_RATED_MAPS, ratingPoints } from '../../stats/rating/display.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';

export interface PlayerRatingRow {
  readonly guid: string;
  readonly mu: number;
  readonly sigma2: number;
  /** When the player last played a rated map. */
  readonly at: string;
  readonly maps: number;
}

/** Every player's latest belief in the community and how many rated maps it rests on (as the recompute stored them). */
async function latestBeliefs(db: Queryable, communityId: number): Promise<PlayerRatingRow[]> {
  return rowsOf<PlayerRatingRow>(
    db,
    sql`select key as guid, mu, sigma2, ${isoTime('ended_at')} as at, maps
      from rating_current where community_id = ${communityId} and key not like '~%' order by key`,
  );
}

export interface MapMove {
  readonly map: string;
  readonly ended_at: string;
  readonly before: number;
  readonly after: number;
  /** 1 the player's group won, 0.5 drawn, 0 lost. */
  readonly score: number;
  readonly expected: number;
}

export interface PlayerRating {
  readonly player: PlayerRatingRow;
  /** 1-based among players with at least MIN_RATED_MAPS rated maps, by mean; null below that. */
  readonly rank: number | null;
  readonly ranked: number;
  readonly moves: MapMove[];
}

/** A player's rating, rank and the maps that moved it most (`moved` of them); null when never rated. */
export async function playerRating(
  db: Queryable,
  communityId: number,
  guid: string,
  moved = 3,
): Promise<PlayerRating | null> {
  const all = await latestBeliefs(db, communityId);
  const player = all.find((p) => p.guid === guid);
  if (!player) return null;
  const ranked = all
    .filter((p) => p.maps >= MIN_RATED_MAPS)
    .sort((a, b) => b.mu - a.mu || (a.guid < b.guid ? -1 : 1));
  const index = ranked.findIndex((p) => p.guid === guid);
  const moves = await rowsOf<MapMove>(
    db,
    sql`select m.map, ${isoTime('m.ended_at')} as ended_at, c.mu_before as before, c.mu_after as after,
        case when c.coefficient >= 0 then m.first_points / 2.0 else 1 - m.first_points / 2.0 end::float8 as score,
        case when c.coefficient >= 0 then m.expected else 1 - m.expected end::float8 as expected
      from rating_changes c join rating_maps m using (round_id)
      where c.community_id = ${communityId} and c.key = ${guid}
      order by abs(c.mu_after - c.mu_before) desc, c.ended_at desc limit ${moved}`,
  );
  return { player, rank: index < 0 ? null : index + 1, ranked: ranked.length, moves };
}

/** The latest belief of each of these players in the community (absent: never rated). */
export async function beliefsOf(
  db: Queryable,
  communityId: number,
  guids: readonly string[],
): Promise<Map<string, PlayerRatingRow>> {
  const wanted = new Set(guids);
  return new Map(
    (await latestBeliefs(db, communityId))
      .filter((p) => wanted.has(p.guid))
      .map((p) => [p.guid, p]),
  );
}

export interface RatingEntry {
  readonly guid: string;
  readonly name: string;
  readonly rating: number;
  readonly uncertainty: number;
  readonly rated_maps: number;
  /** Among players with at least MIN_RATED_MAPS rated maps; null below that. */
  readonly rank: number | null;
  readonly last_rated_at: string;
}

/** Every rated human of the community, ranked ones first by rating, as the API gives them. */
export async function ratingTable(
  db: Queryable,
  communityId: number,
  now: Date,
): Promise<RatingEntry[]> {
  const beliefs = await latestBeliefs(db, communityId);
  const names = new Map(
    (
      await rowsOf<{ guid: string; name: string }>(
        db,
        sql`select guid, name from players where guid in (select key from rating_current where community_id = ${communityId})`,
      )
    ).map((r) => [r.guid, r.name]),
  );
  const sorted = [...beliefs].sort((a, b) => b.mu - a.mu || (a.guid < b.guid ? -1 : 1));
  let rank = 0;
  const entries = sorted.map((p) => {
    const shown = ratingPoints({ ...p, at: Date.parse(p.at) }, now.getTime());
    return {
      guid: p.guid,
      name: names.get(p.guid) ?? p.guid,
      ...shown,
      rated_maps: p.maps,
      rank: p.maps >= MIN_RATED_MAPS ? ++rank : null,
      last_rated_at: p.at,
    };
  });
  return [...entries.filter((e) => e.rank !== null), ...entries.filter((e) => e.rank === null)];
}

export interface MapPrediction {
  readonly round_id: number;
  readonly match_id: number | null;
  readonly map: string;
  readonly ended_at: string;
  /** `rated`, or why not: bots, too few players, lopsided, unknown winner, orphan. */
  readonly status: string;
  /** The first attackers' expected score (win 1, draw ½) before the map; null without a lineup. */
  readonly expected: number | null;
  /** The first attackers' points (2 won, 1 a double fullhold, 0 lost); null while unknown. */
  readonly first_points: number | null;
}

/** The community's maps with the rating's call before each, newest first. */
export async function mapPredictions(
  db: Queryable,
  communityId: number,
  limit: number,
): Promise<MapPrediction[]> {
  return rowsOf<MapPrediction>(
    db,
    sql`select round_id, match_id, map, ${isoTime('ended_at')} as ended_at, status, expected, first_points::int as first_points
      from rating_maps where community_id = ${communityId} order by ended_at desc, round_id desc limit ${limit}`,
  );
}

export interface RatingPoint {
  readonly session_id: number;
  /** When the session's last rated map of the player ended. */
  readonly at: string;
  readonly mu: number;
}

/** The player's rating after each session they played a rated map in, oldest first (the last `sessions`). */
export async function ratingHistory(
  db: Queryable,
  communityId: number,
  guid: string,
  sessions = 30,
): Promise<RatingPoint[]> {
  const rows = await rowsOf<RatingPoint>(
    db,
    sql`select * from (
        select distinct on (r.session_id) r.session_id, ${isoTime('c.ended_at')} as at, c.mu_after as mu
        from rating_changes c join rounds r on r.id = c.round_id
        where c.community_id = ${communityId} and c.key = ${guid} and r.session_id is not null
        order by r.session_id, c.ended_at desc
      ) s order by at desc limit ${sessions}`,
  );
  return rows.reverse().map((r) => ({ ...r, session_id: Number(r.session_id) }));
}
