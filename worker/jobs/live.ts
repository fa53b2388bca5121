import { eq, sql } from 'drizzle-orm';
import type { LiveSnapshot } from '../../ingest-protocol/live.ts';
import { communities } from '../../schema/communities.ts';
import { liveSnapshots } from '../../schema/live.ts';
import { liveMapStarts } from '../../schema/server-commands.ts';
import type { Queryable } from '../db/database.ts';

export interface StoredSnapshot {
  /** False: a newer snapshot was kept. */
  readonly stored: boolean;
  /** The `live_map_starts` row when this snapshot showed another map than the one before it. */
  readonly mapStart: { readonly id: number; readonly communityId: number } | null;
}

/**
 * Keeps a server's latest snapshot. A snapshot observed before the stored one (a replayed or delayed
 * request) changes nothing. `mapSince` moves only when the map changed, and then the map start is
 * recorded; a server's first snapshot starts nothing (the agent may have come up mid-map).
 */
export async function storeLiveSnapshot(
  db: Queryable,
  serverId: number,
  snapshot: LiveSnapshot,
  receivedAt: Date,
): Promise<StoredSnapshot> {
  const [before] = await db
    .select({ map: liveSnapshots.map })
    .from(liveSnapshots)
    .where(eq(liveSnapshots.serverId, serverId));
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
    .returning({ communityId: liveSnapshots.communityId });
  const [row] = stored;
  if (!row) return { stored: false, mapStart: null };
  if (!before || before.map === snapshot.map) return { stored: true, mapStart: null };
  const [start] = await db
    .insert(liveMapStarts)
    .values({
      serverId,
      communityId: row.communityId,
      map: snapshot.map,
      previousMap: before.map,
      hostname: snapshot.hostname,
      startedAt: observedAt,
    })
    .returning({ id: liveMapStarts.id });
  return {
    stored: true,
    mapStart: start ? { id: start.id, communityId: row.communityId } : null,
  };
}

/**
 * Turns "map started" posts on (from `at`: earlier map starts stay unposted) or off for a community.
 * Turning on what is on already keeps its date.
 */
export async function setMapAnnouncements(
  db: Queryable,
  communityId: number,
  on: boolean,
  at: Date,
): Promise<void> {
  await db
    .update(communities)
    .set({
      announceMapsSince: on
        ? sql`coalesce(${communities.announceMapsSince}, ${at.toISOString()}::timestamptz)`
        : null,
    })
    .where(eq(communities.id, communityId));
}
