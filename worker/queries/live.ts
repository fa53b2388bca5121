import { and, desc, eq, sql } from 'drizzle-orm';
import type { LivePlayer } from '../../ingest-protocol/live.ts';
import { gameServers } from '../../schema/ingest.ts';
import { liveSnapshots } from '../../schema/live.ts';
import { type ServerCommandStatus, serverCommands } from '../../schema/server-commands.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { playedIn, shownName } from '../db/scopes.ts';

export interface ServerLive {
  readonly serverId: number;
  readonly server: string;
  /** Null: its agent never pushed a snapshot. */
  readonly snapshot: {
    readonly observedAt: Date;
    readonly hostname: string;
    readonly map: string;
    readonly gameState: string;
    readonly maxClients: number;
    readonly timeLimitMinutes: number | null;
    readonly players: readonly LivePlayer[];
    readonly mapSince: Date;
  } | null;
}

/** Every game server of the community with its latest snapshot, by server id. */
export async function liveStatus(db: Queryable, communityId: number): Promise<ServerLive[]> {
  const rows = await db
    .select({ serverId: gameServers.id, server: gameServers.name, live: liveSnapshots })
    .from(gameServers)
    .leftJoin(liveSnapshots, eq(liveSnapshots.serverId, gameServers.id))
    .where(eq(gameServers.communityId, communityId))
    .orderBy(gameServers.id);
  return rows.map((r) => ({
    serverId: r.serverId,
    server: r.server,
    snapshot: r.live
      ? {
          observedAt: r.live.observedAt,
          hostname: r.live.hostname,
          map: r.live.map,
          gameState: r.live.gameState,
          maxClients: r.live.maxClients,
          timeLimitMinutes: r.live.timeLimitMinutes,
          players: r.live.players,
          mapSince: r.live.mapSince,
        }
      : null,
  }));
}

/**
 * The shown name of the known player who last played under each of these names (colour codes
 * stripped) in this community, keyed by the lower-cased name; names nobody known used are absent.
 */
export async function knownPlayersByName(
  db: Queryable,
  communityId: number,
  names: readonly string[],
): Promise<Map<string, string>> {
  const keys = [...new Set(names.map((n) => n.toLowerCase()).filter(Boolean))];
  if (keys.length === 0) return new Map();
  const rows = await rowsOf<{ key: string; shown: string }>(
    db,
    sql`select distinct on (lower(a.name)) lower(a.name) as key, ${shownName(sql`a.guid`, communityId)} as shown
      from player_aliases a join players p on p.guid = a.guid
      where lower(a.name) in ${keys} and not p.bot and ${playedIn(communityId, sql`a.guid`)}
      order by lower(a.name), a.last_seen_at desc`,
  );
  return new Map(rows.map((r) => [r.key, r.shown]));
}

export interface ServerCommandRow {
  readonly id: string;
  readonly server: string;
  readonly action: string;
  readonly args: readonly string[];
  readonly issuedBy: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly status: ServerCommandStatus;
  readonly outcome: string | null;
  readonly outcomeAt: Date | null;
}

/** The community's latest server commands, newest first. */
export async function latestServerCommands(
  db: Queryable,
  communityId: number,
  limit: number,
): Promise<ServerCommandRow[]> {
  return db
    .select({
      id: serverCommands.id,
      server: gameServers.name,
      action: serverCommands.action,
      args: serverCommands.args,
      issuedBy: serverCommands.issuedBy,
      issuedAt: serverCommands.issuedAt,
      expiresAt: serverCommands.expiresAt,
      status: serverCommands.status,
      outcome: serverCommands.outcome,
      outcomeAt: serverCommands.outcomeAt,
    })
    .from(serverCommands)
    .innerJoin(gameServers, eq(gameServers.id, serverCommands.serverId))
    .where(and(eq(serverCommands.communityId, communityId)))
    .orderBy(desc(serverCommands.issuedAt), desc(serverCommands.id))
    .limit(limit);
}

/** Whether the community posts "map started" (since when), from `communities.announce_maps_since`. */
export async function mapAnnouncementsSince(
  db: Queryable,
  communityId: number,
): Promise<Date | null> {
  const [row] = await rowsOf<{ since: string | null }>(
    db,
    sql`select to_json(announce_maps_since)#>>'{}' as since from communities where id = ${communityId}`,
  );
  return row?.since ? new Date(row.since) : null;
}
