import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';

/** A game server that may push round files. Its clock's zone turns file names into instants. */
export const gameServers = pgTable('game_servers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Ed25519 public keys (base64 of the 32 raw bytes) allowed to sign a server's uploads. */
export const serverKeys = pgTable(
  'server_keys',
  {
    id: serial('id').primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    publicKey: text('public_key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('server_keys_server_idx').on(t.serverId)],
);

export type FileStatus = 'imported' | 'quarantined';

/**
 * Every file ever received, byte for byte: the source of truth every derived row is rebuilt from.
 * A file is identified by its server and SHA-256, never by its name alone.
 */
export const statsFiles = pgTable(
  'stats_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    status: text('status').$type<FileStatus>().notNull(),
    /** For a quarantined file: the 1-based line that could not be read (0: the file name) and why. */
    errorLine: smallint('error_line'),
    errorReason: text('error_reason'),
  },
  (t) => [
    uniqueIndex('stats_files_server_sha_idx').on(t.serverId, t.sha256),
    index('stats_files_name_idx').on(t.fileName),
    index('stats_files_quarantine_idx').on(t.receivedAt).where(sql`${t.status} = 'quarantined'`),
  ],
);
