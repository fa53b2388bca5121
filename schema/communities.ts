import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A community: the game servers it runs (and through them its rounds, sessions and what its players did
 * there), its linked accounts, merges, audit log, and the Discord guilds bound to it. Every command,
 * API route and job works inside one community. Migration 0007 creates community 1 (`default`), which
 * holds everything stored before communities existed.
 */
export const communities = pgTable('communities', {
  id: serial('id').primaryKey(),
  /** Lower-case letters, digits and dashes: the API's and site's `/c/<slug>/…` prefix. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
  /** Whether the website shows this community's pages (`/admin site on|off`); off → every page is 404. */
  siteEnabled: boolean('site_enabled').notNull().default(true),
  /**
   * Bumped by every write that can change what a page shows (an import, a recompute, a merge, a link):
   * the website's cache key and ETag, so a page is never stale and never drawn again for nothing.
   */
  dataVersion: bigint('data_version', { mode: 'number' }).notNull().default(0),
  /** Since when "map started" posts go to the announce channels (`/admin server announce-maps`); null: off. */
  announceMapsSince: instant('announce_maps_since'),
});

/** A Discord guild bound to a community (`/admin community bind`, `npm run community -- bind`). */
export const communityGuilds = pgTable(
  'community_guilds',
  {
    guildId: text('guild_id').primaryKey(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    boundBy: text('bound_by').notNull(),
    boundAt: instant('bound_at').notNull(),
  },
  (t) => [index('community_guilds_community_idx').on(t.communityId)],
);
