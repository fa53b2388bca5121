import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A guild's voice tracking (`/admin voice`): which voice channels count as "playing", which two are the
 * teams' channels, and how many linked players in them make an evening start. Off until an admin turns it on.
 */
export const voiceSettings = pgTable('voice_settings', {
  guildId: text('guild_id').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  /** The general voice channels players gather in (the team channels count too, without being listed). */
  channelIds: jsonb('channel_ids').$type<string[]>().notNull().default([]),
  teamAChannelId: text('team_a_channel_id'),
  teamBChannelId: text('team_b_channel_id'),
  minPlayers: integer('min_players').notNull().default(6),
  updatedAt: instant('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * One stay of a Discord user in one voice channel of a guild, as the minute cron saw it: opened when first
 * seen there, closed (ended_at) when next seen elsewhere or nowhere. At most one open stay per member.
 */
export const voicePresence = pgTable(
  'voice_presence',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    channelId: text('channel_id').notNull(),
    startedAt: instant('started_at').notNull(),
    /** Null while the member is still there. */
    endedAt: instant('ended_at'),
    lastSeenAt: instant('last_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('voice_presence_open_idx').on(t.guildId, t.userId).where(sql`${t.endedAt} is null`),
    index('voice_presence_guild_started_idx').on(t.guildId, t.startedAt),
  ],
);

/** When each member's voice state was last asked: the least recently asked go first next minute. */
export const voicePolls = pgTable(
  'voice_polls',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    polledAt: instant('polled_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);

/**
 * A pause Discord asked for (429 Retry-After, or a rate-limit bucket at zero): `global`, or a guild id.
 * No voice state is asked in that scope before `until`.
 */
export const voicePauses = pgTable('voice_pauses', {
  scope: text('scope').primaryKey(),
  until: instant('until').notNull(),
  reason: text('reason').notNull(),
});

/**
 * An evening in voice: opened when at least `min_players` linked players are in the guild's voice channels,
 * closed once nobody has been there for a while. It carries the "starting" and "over" posts, once each.
 */
export const voiceEvenings = pgTable(
  'voice_evenings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    startedAt: instant('started_at').notNull(),
    /** The last minute anyone was in the channels; the evening ends a while after it. */
    lastActiveAt: instant('last_active_at').notNull(),
    endedAt: instant('ended_at'),
    peak: integer('peak').notNull(),
    startPostedAt: instant('start_posted_at'),
    endPostedAt: instant('end_posted_at'),
  },
  (t) => [index('voice_evenings_guild_started_idx').on(t.guildId, t.startedAt)],
);
