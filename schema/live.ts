import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { LivePlayer } from '../ingest-protocol/live.ts';
import { communities } from './communities.ts';
import { gameServers } from './ingest.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The latest live status each game server's agent pushed (`POST /ingest/live`): one row per server. */
export const liveSnapshots = pgTable('live_snapshots', {
  serverId: integer('server_id')
    .primaryKey()
    .references(() => gameServers.id),
  communityId: integer('community_id')
    .notNull()
    .references(() => communities.id),
  /** When the agent read it; an older snapshot never replaces a newer one. */
  observedAt: instant('observed_at').notNull(),
  receivedAt: instant('received_at').notNull(),
  hostname: text('hostname').notNull(),
  map: text('map').notNull(),
  gameState: text('game_state').notNull(),
  maxClients: integer('max_clients').notNull(),
  timeLimitMinutes: integer('time_limit_minutes'),
  players: jsonb('players').$type<LivePlayer[]>().notNull(),
  /** When the map in `map` was first seen: a new map starts a new one. */
  mapSince: instant('map_since').notNull(),
});
