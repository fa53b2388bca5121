import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';
import { communities } from './communities.ts';

/** A game server that may push round files. Its clock's zone turns file names into instants. */
export const gameServers = pgTable(
  'game_servers',
  {
    id: serial('id').primaryKey(),
    /** The community whose server this is: its rounds count there and nowhere else. */
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    /** Unique within its community. */
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('game_servers_community_name_idx').on(t.communityId, t.name)],
);

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

/**
 * `imported`: the copy its round is read from; `quarantined`: unreadable, and no copy of that name reads;
 * `conflict`: another copy of the same server and name with other content, kept and reported, not read;
 * `duplicate`: a copy equal once normalised to another, stored before copies were told apart (a rebuild
 * marks it; the importer no longer stores one).
 */
export type FileStatus = 'imported' | 'quarantined' | 'conflict' | 'duplicate';

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
    /**
     * SHA-256 of the bytes with CR before LF, blanks at line ends and empty lines at the end removed: a
     * copy of a stored name with the same normalised bytes is the same round again (STATS_FORMAT.md,
     * "Identity and duplicates"). Null on files stored before it existed, until a rebuild.
     */
    normalizedSha256: text('normalized_sha256'),
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
    uniqueIndex('stats_files_server_name_idx').on(t.serverId, t.fileName, t.normalizedSha256),
    index('stats_files_name_idx').on(t.fileName),
    index('stats_files_quarantine_idx').on(t.receivedAt).where(sql`${t.status} = 'quarantined'`),
  ],
);

/**
 * Files that sit beside a round's file (`…-round-N-endstats.txt`, written by endstats.lua): kept with the
 * round of the same stem whichever arrives first. `awards` is what was read from them (stats/endstats.ts).
 */
export const companionFiles = pgTable(
  'companion_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    fileName: text('file_name').notNull(),
    /** The name of the round file it belongs to (`…-round-N.txt`). */
    roundFileName: text('round_file_name').notNull(),
    kind: text('kind').$type<'endstats'>().notNull(),
    sha256: text('sha256').notNull(),
    normalizedSha256: text('normalized_sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    content: jsonb('content').notNull(),
  },
  (t) => [
    uniqueIndex('companion_files_name_idx').on(t.serverId, t.fileName, t.normalizedSha256),
    index('companion_files_round_idx').on(t.serverId, t.roundFileName),
  ],
);
