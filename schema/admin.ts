import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from './communities.ts';
import type { AccessLevelName } from './discord.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One person, two GUIDs (`/admin merge-players`): every stored row of `merged_guid` is filed under
 * `kept_guid` (worker/commands/admin/player-merges.ts). The raw files are never touched, so deleting the
 * row and re-deriving from them undoes the merge exactly. No foreign keys to players on purpose: a
 * rebuild may drop and re-create player rows, and a merge naming a GUID that is gone simply does nothing.
 */
export const playerMerges = pgTable(
  'player_merges',
  {
    /** Merges are a community's own: they file rows of its rounds only. */
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    mergedGuid: text('merged_guid').notNull(),
    keptGuid: text('kept_guid').notNull(),
    mergedBy: text('merged_by').notNull(),
    mergedAt: instant('merged_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.mergedGuid] }),
    index('player_merges_kept_idx').on(t.keptGuid),
  ],
);

/**
 * A guild's own say over Discord administrators (members with the Administrator permission): the level
 * they get without any mapped role. No row means ADMIN (`/admin roles administrators:<level>`).
 */
export const guildAccess = pgTable('guild_access', {
  guildId: text('guild_id').primaryKey(),
  administratorsLevel: text('administrators_level').$type<AccessLevelName>().notNull(),
  updatedAt: instant('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
