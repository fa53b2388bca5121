import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
    mergedGuid: text('merged_guid').primaryKey(),
    keptGuid: text('kept_guid').notNull(),
    mergedBy: text('merged_by').notNull(),
    mergedAt: instant('merged_at').notNull(),
  },
  (t) => [index('player_merges_kept_idx').on(t.keptGuid)],
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
