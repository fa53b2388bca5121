import {
  bigserial,
  doublePrecision,
  index,
  integer,
  primaryKey,
  unique,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { communities } from './communities.ts';
import { players } from './rounds.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** In one community, one Discord user ↔ one player GUID (`/link`, or a moderator's `/admin link`). */
export const discordLinks = pgTable(
  'discord_links',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    userId: text('user_id').notNull(),
    guid: text('guid')
      .notNull()
      .references(() => players.guid),
    linkedAt: instant('linked_at').notNull(),
    /** Who made the link: the user themselves, or the moderator who did it for them. */
    linkedBy: text('linked_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    unique('discord_links_community_guid_key').on(t.communityId, t.guid),
  ],
);

export type AccessLevelName = 'public' | 'trusted' | 'moderator' | 'admin' | 'owner';

/** Per-guild settings: where round summaries go, and which roles carry which access level. */
export const guildSettings = pgTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  announceChannelId: text('announce_channel_id'),
  /** Where admins are told of quarantined uploads (null: the announcement channel). */
  adminChannelId: text('admin_channel_id'),
  /** Role id → access level (`/admin roles`). */
  roleLevels: jsonb('role_levels').$type<Record<string, AccessLevelName>>().notNull().default({}),
  updatedAt: instant('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Every privileged act and every denied attempt: who, where, what, with which options, and how it ended. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The community the act was in (null: an unbound guild, or a DM of someone in none). */
    communityId: integer('community_id').references(() => communities.id),
    at: instant('at').notNull(),
    userId: text('user_id').notNull(),
    guildId: text('guild_id'),
    command: text('command').notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    outcome: text('outcome').notNull(),
    detail: text('detail'),
    /** How many attempts the row stands for: repeated denied autocomplete is counted, not listed. */
    attempts: integer('attempts').notNull().default(1),
    /** The latest of those attempts (null: the one at `at`). */
    lastAt: instant('last_at'),
    /** What counted attempts share (user, guild, command, hour): one row each; null for a single act. */
    tally: text('tally'),
  },
  (t) => [
    index('audit_log_guild_at_idx').on(t.guildId, t.at),
    index('audit_log_community_at_idx').on(t.communityId, t.at),
    index('audit_log_user_at_idx').on(t.userId, t.at),
    uniqueIndex('audit_log_tally_idx').on(t.tally),
  ],
);

/**
 * Interaction ids already handled: a signed request replayed inside the signature's 5-minute window
 * is not run twice. The cron prunes receipts older than that window.
 */
export const interactionReceipts = pgTable('interaction_receipts', {
  id: text('id').primaryKey(),
  at: instant('at').notNull(),
});

/** Token buckets for rate limits, one row per key (`user:<id>:<class>`, `guild:<id>:<class>`). */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: instant('updated_at').notNull(),
});
