import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * `round`: a round's summary; `map`: a map's result; `achievements`: what a round unlocked;
 * `quarantine`: an upload that could not be read, told to the admins (its stats file id);
 * `channel`: when the channel was set (subject 0), so that rounds from before it stay unposted;
 * `map_started`: a game server started a map (its `live_map_starts` id).
 */
export type AnnouncementKind =
  | 'round'
  | 'map'
  | 'achievements'
  | 'quarantine'
  | 'channel'
  | 'map_started';

/**
 * What has been posted to which channel, one row per channel and subject: the row is claimed before
 * the post (so two uploads arriving together cannot both post it) and settled after it. A claim
 * that is neither settled nor released within a few minutes belonged to a Worker cut off mid-post.
 */
export const announcements = pgTable(
  'announcements',
  {
    channelId: text('channel_id').notNull(),
    kind: text('kind').$type<AnnouncementKind>().notNull(),
    /**
     * The stats file the round is read from (for a map, its R1's; for achievements, the unlocking
     * round's): unlike round and match ids, it
     * survives a rebuild, which must not post the last hour again.
     */
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    claimedAt: instant('claimed_at').notNull(),
    /** Null while the post is under way: posted (message_id) or refused by Discord (refusal). */
    settledAt: instant('settled_at'),
    messageId: text('message_id'),
    /** Why Discord refused the message itself (400): retrying would be refused again. */
    refusal: text('refusal'),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.kind, t.subjectId] }),
    check(
      'announcements_kind_check',
      sql`${t.kind} in ('round', 'map', 'achievements', 'quarantine', 'channel', 'map_started')`,
    ),
  ],
);
