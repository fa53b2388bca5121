import { sql } from 'drizzle-orm';
import type { MapPlayer, RatingMap } from '../../stats/rating/lineup.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity } from '../db/scopes.ts';

interface Row {
  round_id: number;
  match_id: number | null;
  round: 1 | 2;
  map: string;
  defender: 1 | 2;
  orphan: boolean;
  duration_s: number | null;
  time_limit_s: number;
  ended_at: string;
  points: number | null;
  session_id: number | null;
  guid: string | null;
  bot: boolean | null;
  team: 1 | 2 | 3 | null;
  minutes: number | null;
}

/** A map to rate, with the rows it is stored under. */
export interface StoredMap extends RatingMap {
  /** The map's last round (its R2, or its R1 while alone): what a rating row hangs on. */
  readonly roundId: number;
  readonly matchId: number | null;
  readonly sessionId: number | null;
}

/** In stopwatch the first attackers attack in R1 (not the defending side) and defend in R2. */
const inFirstGroup = (round: 1 | 2, team: 1 | 2, defender: 1 | 2) =>
  (round === 1) === (team !== defender);

/**
 * Every map play of the community ending at or after `since` (ms; 0 for all), in the order they
 * ended: each paired R1/R2 (or R1 alone) by its match, each orphan R2 alone. Empty rounds are no map.
 */
export async function ratingMaps(
  tx: Queryable,
  communityId: number,
  since = 0,
): Promise<StoredMap[]> {
  const rows = await rowsOf<Row>(
    tx,
    sql`
    select r.id as round_id, r.match_id, r.round, r.map, r.defender, r.orphan, r.duration_s, r.time_limit_s,
      ${isoTime(sql`coalesce(m.ended_at, r.ended_at)`)} as ended_at, m.first_attackers_points as points,
      r.session_id, pr.guid, pr.bot, pr.team, pr.time_played_min::float8 as minutes
    from rounds r left join matches m on m.id = r.match_id
      left join player_rounds pr on pr.round_id = r.id
    where ${ofCommunity(communityId)} and not r.empty
      and coalesce(m.ended_at, r.ended_at) >= ${new Date(since).toISOString()}::timestamptz
    order by coalesce(m.ended_at, r.ended_at), coalesce(r.match_id, -r.id), r.round, pr.guid`,
  );
  const maps = new Map<string, StoredMap & { players: MapPlayer[]; durationS: number }>();
  const counted = new Set<number>();
  for (const row of rows) {
    const key = row.match_id !== null ? `m${row.match_id}` : `r${row.round_id}`;
    let map = maps.get(key);
    const duration = row.duration_s ?? row.time_limit_s;
    if (!map) {
      map = {
        id: Number(row.round_id),
        roundId: Number(row.round_id),
        matchId: row.match_id === null ? null : Number(row.match_id),
        sessionId: row.session_id === null ? null : Number(row.session_id),
        endedAt: Date.parse(row.ended_at),
        map: row.map,
        orphan: row.orphan,
        firstPoints: row.points === null ? null : (row.points as 0 | 1 | 2),
        durationS: 0,
        players: [],
      };
      maps.set(key, map);
    }
    if (map.roundId !== Number(row.round_id) && row.round === 2) {
      // The R2 is the map's last round: the rating hangs on it, and its length adds to the map's.
      Object.assign(map, { id: Number(row.round_id), roundId: Number(row.round_id) });
    }
    if (!counted.has(Number(row.round_id))) {
      counted.add(Number(row.round_id));
      map.durationS += duration;
    }
    if (row.guid === null || row.team === null || row.team === 3) continue;
    const seconds = Math.min(duration, Math.max(0, (row.minutes ?? 0) * 60));
    const first = inFirstGroup(row.round, row.team, row.defender);
    const known = map.players.find((p) => p.guid === row.guid);
    const add = { firstS: first ? seconds : 0, secondS: first ? 0 : seconds };
    if (known)
      Object.assign(known, {
        firstS: known.firstS + add.firstS,
        secondS: known.secondS + add.secondS,
      });
    else map.players.push({ guid: row.guid, bot: row.bot === true, ...add });
  }
  return [...maps.values()];
}
