import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { communities } from './communities.ts';
import { gameServers } from './ingest.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * `pending`: queued, not fetched yet · `sent`: handed to the agent (once) · `done`, `refused`, `failed`:
 * what the agent reported · `expired`: nobody fetched it before its expiry, so it was never handed out.
 */
export type ServerCommandStatus = 'pending' | 'sent' | 'done' | 'refused' | 'failed' | 'expired';

/**
 * Server commands an admin queued (`/admin server …`), signed with the Worker's AGENT_COMMAND_KEY, each
 * handed to its game server's agent once (`POST /ingest/commands`) and closed by the outcome the agent
 * reports (`POST /ingest/commands/outcome`) or by its expiry.
 */
export const serverCommands = pgTable(
  'server_commands',
  {
    /** The command's UUID, as signed: the agent runs each one once, ever. */
    id: text('id').primaryKey(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    /** say, map, map_restart, kick (ingest-protocol/server-command.ts). */
    action: text('action').notNull(),
    args: jsonb('args').$type<string[]>().notNull(),
    /** The Discord user who queued it. */
    issuedBy: text('issued_by').notNull(),
    issuedAt: instant('issued_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    /** The exact JSON text signed, and the signature: handed out as they are. */
    command: text('command').notNull(),
    signature: text('signature').notNull(),
    status: text('status').$type<ServerCommandStatus>().notNull().default('pending'),
    sentAt: instant('sent_at'),
    /** The game's answer, or why the agent refused it or RCON failed. */
    outcome: text('outcome'),
    outcomeAt: instant('outcome_at'),
  },
  (t) => [
    index('server_commands_pending_idx').on(t.serverId, t.status),
    index('server_commands_community_idx').on(t.communityId, t.issuedAt),
    check(
      'server_commands_status_check',
      sql`${t.status} in ('pending', 'sent', 'done', 'refused', 'failed', 'expired')`,
    ),
  ],
);

/** Each map a game server started, as its snapshots showed (a new map after another): "map started" posts. */
export const liveMapStarts = pgTable(
  'live_map_starts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    map: text('map').notNull(),
    previousMap: text('previous_map').notNull(),
    hostname: text('hostname').notNull(),
    startedAt: instant('started_at').notNull(),
  },
  (t) => [index('live_map_starts_community_idx').on(t.communityId, t.startedAt)],
);

/**
 * The nonce of each command fetch (`POST /ingest/commands`) a game server's agent made within the
 * signature's time window: a captured fetch sent again inside the window is refused instead of taking
 * the commands meant for the real agent. Rows older than the window are dropped as new fetches arrive.
 */
export const commandFetchNonces = pgTable(
  'command_fetch_nonces',
  {
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id, { onDelete: 'cascade' }),
    nonce: text('nonce').notNull(),
    seenAt: instant('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.nonce] })],
);
