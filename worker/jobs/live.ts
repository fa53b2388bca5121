import { sql } from 'drizzle-orm';
import type { LiveSnapshot } from '../../ingest-protocol/live.ts';
import { liveSnapshots } from '../../schema/live.ts';
import type { Queryable } from '../db/database.ts';

/**
 * Keeps a server's latest snapshot. A snapshot observed before the stored one (a replayed or delayed
 * request) changes nothing: returns false. `mapSince` moves only when the map changed.
 */
export async function storeLiveSnapshot(
  db: Queryable,
  serverId: number,
  snapshot: LiveSnapshot,
  receivedAt: Date,
): Promise<boolean> {
  const observedAt = new Date(snapshot.observedAt);
  const values = {
    serverId,
    // The server's own community: an agent speaks for its server only.
    communityId: sql<number>`(select community_id from game_servers where id = ${serverId})`,
    observedAt,
    receivedAt,
    hostname: snapshot.hostname,
    map: snapshot.map,
    gameState: snapshot.gameState,
    maxClients: snapshot.maxClients,
    timeLimitMinutes: snapshot.timeLimitMinutes,
    players: [...snapshot.players],
    mapSince: observedAt,
  };
  const stored = await db
    .insert(liveSnapshots)
    .values(values)
    .onConflictDoUpdate({
      target: liveSnapshots.serverId,
      set: {
        ...values,
        mapSince: sql`case when ${liveSnapshots.map} = excluded.map then ${liveSnapshots.mapSince} else excluded.map_since end`,
      },
      setWhere: sql`${liveSnapshots.observedAt} < excluded.observed_at`,
    })
    .returning({ serverId: liveSnapshots.serverId });
  return stored.length > 0;
}
