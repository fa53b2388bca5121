import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { gameServers, statsFiles } from './ingest.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Bearer tokens a game server running Oksii's stats.lua sends its round JSON with. Only the SHA-256 of a
 * token is kept: the token itself is shown once, when it is made. Two tokens of a server can be valid at
 * once (rotation); a revoked one is kept so that its later uses are recognised and counted.
 */
export const serverTokens = pgTable(
  'server_tokens',
  {
    id: serial('id').primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    /** SHA-256 (hex) of the whole token. */
    tokenHash: text('token_hash').notNull().unique(),
    /** The token's first characters, to tell tokens apart in listings; not enough to use it. */
    prefix: text('prefix').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
    /** The per-token rate limit's window: when it opened and how many requests it has seen. */
    windowStartedAt: instant('window_started_at'),
    windowCount: integer('window_count').notNull().default(0),
  },
  (t) => [index('server_tokens_server_idx').on(t.serverId)],
);

/** Why a bearer token was refused: unknown to every server, or revoked. */
export type TokenRefusal = 'unknown' | 'revoked';

/**
 * Refused bearer tokens, counted per hour: `/admin status` shows the last day's. A revoked token counts
 * in its server's community; an unknown one belongs to none (community 0). Counted, never stored.
 */
export const tokenRefusals = pgTable(
  'token_refusals',
  {
    hour: instant('hour').notNull(),
    communityId: integer('community_id').notNull().default(0),
    reason: text('reason').$type<TokenRefusal>().notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.hour, t.communityId, t.reason] })],
);

/**
 * Every full GUID a readable stored stats.lua payload names, with when that round ended: in a community,
 * the GUID seen in the earliest round owns its 8-character prefix (filed under it, as round files name
 * everyone); any other GUID with that prefix is filed under its whole 32 characters. Derived from the raw
 * JSON: `rebuild` writes it again.
 */
export const statsLuaGuids = pgTable(
  'stats_lua_guids',
  {
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => statsFiles.id, { onDelete: 'cascade' }),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    guid: text('guid').notNull(),
    prefix: text('prefix').notNull(),
    /** The round's `round_end_unix`: the same whatever the server's zone. */
    endedAt: instant('ended_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fileId, t.guid] }),
    index('stats_lua_guids_prefix_idx').on(t.prefix, t.endedAt, t.guid),
  ],
);
