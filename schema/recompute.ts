import {
  bigint,
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
import { statsFiles } from './ingest.ts';
import { gamingSessions, rounds } from './rounds.ts';

/*
 * Answers the recompute (worker/recompute) derives from the stored rounds, so commands read them in one
 * indexed query. Everything here can be rebuilt from rounds and player_rounds, except team_overrides
 * (moderators' corrections). Rows hang off gaming_sessions with ON DELETE CASCADE: when the importer or a
 * rebuild drops or merges a session, what was derived from it goes too. No table refers to players or
 * matches, so a rebuild can clear those freely; round references are set to null instead.
 */

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type TeamLabelColumn = 'A' | 'B';

/** The team of each human player of a session (A: the first map's first attackers, unless corrected). */
export const sessionTeams = pgTable(
  'session_teams',
  {
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => gamingSessions.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    guid: text('guid').notNull(),
    team: text('team').$type<TeamLabelColumn>().notNull(),
    /** Share of the player's rounds spent where the team was; 1 for a moderator's correction. */
    confidence: doublePrecision('confidence').notNull(),
    /** moderator (a correction) beats voice (the team voice channels) beats detected (who played where). */
    source: text('source').$type<'detected' | 'voice' | 'moderator'>().notNull(),
    /** starter (played the first map), substitute (took the place of a teammate who left), joined. */
    role: text('role').$type<'starter' | 'substitute' | 'joined'>().notNull(),
    replaces: text('replaces'),
    rounds: integer('rounds').notNull(),
    agreeingRounds: integer('agreeing_rounds').notNull(),
    firstRoundId: integer('first_round_id').notNull(),
    lastRoundId: integer('last_round_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.guid] })],
);

/** Each map play of a session with the stopwatch points of teams A and B (null while incomplete). */
export const sessionMaps = pgTable(
  'session_maps',
  {
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => gamingSessions.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    matchId: integer('match_id').notNull(),
    map: text('map').notNull(),
    playOrder: smallint('play_order').notNull(),
    /** Null when no human played the map's R1 or R2 (nothing tells which team was where). */
    firstAttackersTeam: text('first_attackers_team').$type<TeamLabelColumn>(),
    teamAPoints: smallint('team_a_points'),
    teamBPoints: smallint('team_b_points'),
    confidence: doublePrecision('confidence').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.matchId] })],
);

/** The session's result over its complete maps: maps won decide; equal maps won is a draw (winner null). */
export const sessionResults = pgTable('session_results', {
  sessionId: bigint('session_id', { mode: 'number' })
    .primaryKey()
    .references(() => gamingSessions.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
  teamAMaps: smallint('team_a_maps').notNull(),
  teamBMaps: smallint('team_b_maps').notNull(),
  drawnMaps: smallint('drawn_maps').notNull(),
  teamAPoints: smallint('team_a_points').notNull(),
  teamBPoints: smallint('team_b_points').notNull(),
  winner: text('winner').$type<TeamLabelColumn>(),
  /** The lowest map confidence: how sure the attribution of every point is. */
  confidence: doublePrecision('confidence').notNull(),
  /**
   * The teams' names as the session's stats.lua rounds gave them (`metadata.scores`); null when they gave
   * none. A moderator's name (session_team_names) is shown before these.
   */
  teamAName: text('team_a_name'),
  teamBName: text('team_b_name'),
});

/**
 * A moderator's correction: this player was on this team in the session holding this file. Anchored to a
 * stored file (the session's first round then): round ids change on a rebuild, and a session's id when a
 * round that started earlier joins it.
 */
export const teamOverrides = pgTable(
  'team_overrides',
  {
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => statsFiles.id),
    guid: text('guid').notNull(),
    team: text('team').$type<TeamLabelColumn>().notNull(),
    byUserId: text('by_user_id').notNull(),
    /** The session's id, for the audit trail only (kept current when an id changes). */
    sessionId: bigint('session_id', { mode: 'number' }).notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.guid] })],
);

/**
 * A moderator's name for a session's team (`/admin teams name`): shown wherever the session's teams are
 * named. Keyed by the session id, which stays the same across rebuilds; no foreign key, so rebuilding the
 * sessions never cascades a name away.
 */
export const sessionTeamNames = pgTable(
  'session_team_names',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    sessionId: bigint('session_id', { mode: 'number' }).notNull(),
    team: text('team').$type<TeamLabelColumn>().notNull(),
    name: text('name').notNull(),
    byUserId: text('by_user_id').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.sessionId, t.team] })],
);

export type PeriodKindColumn = 'all' | 'season' | 'last30' | 'session';

/**
 * A community's leaderboard period: `<community>:all`, `<community>:last30`,
 * `<community>:season:<YYYY-MM-DD>` or `<community>:session:<id>`.
 */
export const leaderboardPeriods = pgTable('leaderboard_periods', {
  id: text('id').primaryKey(),
  communityId: integer('community_id')
    .notNull()
    .references(() => communities.id),
  kind: text('kind').$type<PeriodKindColumn>().notNull(),
  name: text('name').notNull(),
  sessionId: bigint('session_id', { mode: 'number' })
    .unique()
    .references(() => gamingSessions.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
  seasonKey: text('season_key'),
  /** Rounds that ended in [starts_at, ends_at) count; null bounds are open. */
  startsAt: instant('starts_at'),
  endsAt: instant('ends_at'),
});

/** One player's standing on one metric in one period. `/top` reads a (period, metric) slice by rank. */
export const leaderboardEntries = pgTable(
  'leaderboard_entries',
  {
    period: text('period')
      .notNull()
      .references(() => leaderboardPeriods.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    metric: text('metric').notNull(),
    guid: text('guid').notNull(),
    /** Competition ranking: equal values share a rank (1, 2, 2, 4). */
    rank: integer('rank').notNull(),
    value: doublePrecision('value').notNull(),
    rounds: integer('rounds').notNull(),
    minutes: doublePrecision('minutes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.period, t.metric, t.guid] }),
    index('leaderboard_entries_rank_idx').on(t.period, t.metric, t.rank),
  ],
);

/** An unlocked achievement, with the round (in play order) that unlocked it. */
export const playerAchievements = pgTable(
  'player_achievements',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    guid: text('guid').notNull(),
    achievement: text('achievement').notNull(),
    unlockedAt: instant('unlocked_at').notNull(),
    roundId: integer('round_id').references(() => rounds.id, { onDelete: 'set null' }),
    /** The unlocking round's file: stable across rebuilds, unlike round ids. */
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => statsFiles.id),
    /** How many ranked rounds the player had played by then. */
    roundNumber: integer('round_number').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.guid, t.achievement] }),
    index('player_achievements_unlocked_idx').on(t.unlockedAt),
  ],
);

/** When each kind of recompute last finished (for `/admin status`); the clock is the caller's. */
export const recomputeState = pgTable('recompute_state', {
  scope: text('scope').$type<'full' | 'incremental' | 'clock'>().primaryKey(),
  finishedAt: instant('finished_at').notNull(),
  detail: text('detail').notNull(),
});

/**
 * Imported rounds whose answers still have to be recomputed. Every import queues its round; whoever holds
 * the recompute lock drains the queue, so a burst of imports never waits on, nor piles up, recomputes.
 */
export const recomputeQueue = pgTable('recompute_queue', {
  roundId: integer('round_id').primaryKey(),
  queuedAt: instant('queued_at').notNull(),
});

/**
 * A human player's all-time figures per weapon in a community (the file's five counters summed), over
 * every round and over ranked rounds (humans outnumber bots): /weapons, /weapon and the player pages
 * read these rather than summing every player-weapon row. `rounds`: rounds the player fired it or
 * killed with it. Written by the recompute (worker/recompute/weapons.ts) for the players it covers.
 */
export const playerWeaponTotals = pgTable(
  'player_weapon_totals',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    guid: text('guid').notNull(),
    weapon: smallint('weapon').notNull(),
    rounds: integer('rounds').notNull(),
    kills: integer('kills').notNull(),
    deaths: integer('deaths').notNull(),
    hits: integer('hits').notNull(),
    shots: integer('shots').notNull(),
    headshots: integer('headshots').notNull(),
    rankedRounds: integer('ranked_rounds').notNull(),
    rankedKills: integer('ranked_kills').notNull(),
    rankedDeaths: integer('ranked_deaths').notNull(),
    rankedHits: integer('ranked_hits').notNull(),
    rankedShots: integer('ranked_shots').notNull(),
    rankedHeadshots: integer('ranked_headshots').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.guid, t.weapon] }),
    index('player_weapon_totals_weapon_idx').on(t.communityId, t.weapon),
  ],
);

/**
 * Per community, UTC month and weapon: the rounds in which some human fired it or killed with it (a
 * round once however many did). Months add up, players do not, so this is apart from the player totals.
 */
export const weaponMonths = pgTable(
  'weapon_months',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** The first day of the month, UTC, of the rounds' end. */
    month: text('month').notNull(),
    weapon: smallint('weapon').notNull(),
    rounds: integer('rounds').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.month, t.weapon] })],
);

/**
 * The name a player is shown by in a community: the name of their latest round on its servers (colour
 * codes stripped, and as written), so a community never shows a name its player used only elsewhere,
 * and when they played there first and last (never when they played elsewhere).
 * Written by the recompute (worker/recompute/names.ts) for the players it covers; `players.name` is the
 * latest name over every community (and `players`' dates), shown until the recompute has covered a new player.
 */
export const playerCommunityNames = pgTable(
  'player_community_names',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    guid: text('guid').notNull(),
    name: text('name').notNull(),
    nameRaw: text('name_raw').notNull(),
    /** When the player's first and latest rounds on the community's servers ended. */
    firstSeenAt: instant('first_seen_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.guid] })],
);
