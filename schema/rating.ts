import {
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { communities } from './communities.ts';
import { rounds } from './rounds.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const roundColumn = () =>
  integer('round_id')
    .notNull()
    .references(() => rounds.id, { onDelete: 'cascade' });
const communityColumn = () =>
  integer('community_id')
    .notNull()
    .references(() => communities.id, { onDelete: 'cascade' });

/**
 * Each map play's rating: whether it was rated (or why not) and the first attackers' expected score
 * before it was played. Hangs on the map's last round; written by the recompute (worker/recompute/rating.ts).
 */
export const ratingMaps = pgTable(
  'rating_maps',
  {
    roundId: roundColumn().primaryKey(),
    communityId: communityColumn(),
    matchId: integer('match_id'),
    map: text('map').notNull(),
    endedAt: instant('ended_at').notNull(),
    /** `rated`, or the reason it is not: bots, too few players, lopsided, unknown winner, orphan. */
    status: text('status').notNull(),
    /** The first attackers' expected score (win 1, draw ½) before the map; null without a lineup. */
    expected: doublePrecision('expected'),
    /** The first attackers' map points (2, 1, 0); null while unknown. */
    firstPoints: smallint('first_points'),
  },
  (t) => [index('rating_maps_community_idx').on(t.communityId, t.endedAt)],
);

/** A rated map's belief before and after, per player GUID and per side bias (`~side`, `~map:NAME`). */
export const ratingChanges = pgTable(
  'rating_changes',
  {
    roundId: roundColumn(),
    key: text('key').notNull(),
    communityId: communityColumn(),
    endedAt: instant('ended_at').notNull(),
    coefficient: doublePrecision('coefficient').notNull(),
    muBefore: doublePrecision('mu_before').notNull(),
    sigma2Before: doublePrecision('sigma2_before').notNull(),
    muAfter: doublePrecision('mu_after').notNull(),
    sigma2After: doublePrecision('sigma2_after').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.key] }),
    index('rating_changes_key_idx').on(t.communityId, t.key, t.endedAt),
  ],
);

/**
 * Each key's latest belief in a community (the "after" of its latest change) and how many rated maps it
 * rests on: the rating boards and player cards read one row per player instead of every change.
 * Written with rating_changes by the recompute (worker/recompute/rating.ts).
 */
export const ratingCurrent = pgTable(
  'rating_current',
  {
    communityId: communityColumn(),
    key: text('key').notNull(),
    /** The latest change's round (rating_changes' key with `key`). */
    roundId: integer('round_id').notNull(),
    endedAt: instant('ended_at').notNull(),
    mu: doublePrecision('mu').notNull(),
    sigma2: doublePrecision('sigma2').notNull(),
    maps: integer('maps').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.key] })],
);
