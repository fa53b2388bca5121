import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  type DecimalKey,
  EXTENDED_FIELDS,
  type IntegerKey,
  MAYBE_KNOWN_KEYS,
  type MaybeKnownKey,
} from '../stats/fields.ts';
import type { DurationSource } from '../stats/outcome.ts';
import { gameServers, statsFiles } from './ingest.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type { DurationSource };

/**
 * One readable stats file = one round. For an R2 the figures below it (player_rounds) are round 2
 * alone, derived from its R1; an orphan R2 (no R1 yet) has none until its R1 arrives.
 */
export const rounds = pgTable(
  'rounds',
  {
    id: serial('id').primaryKey(),
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .unique()
      .references(() => statsFiles.id),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    map: text('map').notNull(),
    round: smallint('round').$type<1 | 2>().notNull(),
    /** The file name's wall-clock time at the server, as written (`YYYY-MM-DDTHH:MM:SS`). */
    localTime: text('local_time').notNull(),
    /** The file name's time as an instant (server's zone): about 3 s after the round ended. */
    endedAt: instant('ended_at').notNull(),
    startedAt: instant('started_at').notNull(),
    serverName: text('server_name').notNull(),
    config: text('config').notNull(),
    defender: smallint('defender').$type<1 | 2>().notNull(),
    winner: smallint('winner').$type<0 | 1 | 2>().notNull(),
    timeLimitS: integer('time_limit_s').notNull(),
    nextTimeLimitS: integer('next_time_limit_s').notNull(),
    playtimeS: integer('playtime_s'),
    legacyHeader: boolean('legacy_header').notNull(),
    /** Null when nothing tells (an orphan R2 whose attackers won with a 0:00 field 8). */
    durationS: integer('duration_s'),
    durationSource: text('duration_source').$type<DurationSource>(),
    attackersWon: boolean('attackers_won').notNull(),
    /** An R2 with no R1 (yet): its file holds match totals that cannot be split into rounds. */
    orphan: boolean('orphan').notNull().default(false),
    matchId: integer('match_id'),
    sessionId: bigint('session_id', { mode: 'number' }),
    playerCount: smallint('player_count').notNull(),
    botCount: smallint('bot_count').notNull(),
    /** A header-only file (an idle round): no players, in no session, no map result. */
    empty: boolean('empty').notNull().default(false),
    /** A paired R2 whose file held round 2 alone (every line taken as written); null for the rest. */
    r2PerRound: boolean('r2_per_round'),
    /** The extended-field counts (layouts) of the file's lines. */
    extFields: smallint('ext_fields').array().notNull().default(sql`'{}'::smallint[]`),
    /** Field 20 equals the sum of shots on every line (else bullets fired is unknown). */
    bulletsKnown: boolean('bullets_known').notNull().default(false),
    /** The reader that derived this round (READER_VERSION); older ones are corrected by a rebuild. */
    readerVersion: smallint('reader_version').notNull().default(1),
    /**
     * A stats.lua round's gather team names (`metadata.scores`): the alpha team played on `alpha_side`
     * (1 Axis, 2 Allies), the beta team on the other. Null when the payload names none (and for round files).
     */
    alphaTeamName: text('alpha_team_name'),
    betaTeamName: text('beta_team_name'),
    alphaSide: smallint('alpha_side'),
  },
  (t) => [
    index('rounds_server_map_time_idx').on(t.serverId, t.map, t.endedAt),
    index('rounds_ended_idx').on(t.endedAt),
    // Rounds longer than a day (absurd time limits): found by overlap queries that bound the rest by their end.
    index('rounds_long_idx').on(t.endedAt).where(sql`${t.durationS} > 86400`),
    index('rounds_session_idx').on(t.sessionId),
    index('rounds_match_idx').on(t.matchId),
  ],
);

/** One play of a map: its R1 and, once paired, its R2, with the stopwatch score of the two groups. */
export const matches = pgTable(
  'matches',
  {
    id: serial('id').primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    map: text('map').notNull(),
    round1Id: integer('round1_id')
      .notNull()
      .unique()
      .references(() => rounds.id),
    round2Id: integer('round2_id')
      .unique()
      .references(() => rounds.id),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at').notNull(),
    /** The side the first group attacked on in R1 (the side that did not defend). */
    firstAttackersSide: smallint('first_attackers_side').$type<1 | 2>().notNull(),
    /** Stopwatch points once R2 is in: 2–0 or 1–1 between the two groups; null while R1 stands alone. */
    firstAttackersPoints: smallint('first_attackers_points'),
    firstDefendersPoints: smallint('first_defenders_points'),
  },
  (t) => [index('matches_ended_idx').on(t.endedAt)],
);

export const players = pgTable('players', {
  guid: text('guid').primaryKey(),
  /** The most recently seen name, colour codes stripped, and as written. */
  name: text('name').notNull(),
  nameRaw: text('name_raw').notNull(),
  bot: boolean('bot').notNull(),
  firstSeenAt: instant('first_seen_at').notNull(),
  lastSeenAt: instant('last_seen_at').notNull(),
});

export const playerAliases = pgTable(
  'player_aliases',
  {
    guid: text('guid')
      .notNull()
      .references(() => players.guid),
    nameRaw: text('name_raw').notNull(),
    name: text('name').notNull(),
    firstSeenAt: instant('first_seen_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    rounds: integer('rounds').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guid, t.nameRaw] }),
    index('player_aliases_name_idx').on(sql`lower(${t.name})`),
  ],
);

const intColumn = (name: string) => integer(name).notNull().default(0);
const decimalColumn = (name: string) => doublePrecision(name).notNull().default(0);
/** A figure some files do not carry: null there (STATS_FORMAT.md, "Older layouts"), never 0. */
const maybeIntColumn = (name: string) => integer(name);
const maybeDecimalColumn = (name: string) => doublePrecision(name);
const maybe = new Set<string>(MAYBE_KNOWN_KEYS);
type ExtendedColumns = {
  [K in Exclude<IntegerKey, MaybeKnownKey>]: ReturnType<typeof intColumn>;
} & {
  [K in Exclude<DecimalKey, MaybeKnownKey>]: ReturnType<typeof decimalColumn>;
} & { [K in Extract<IntegerKey, MaybeKnownKey>]: ReturnType<typeof maybeIntColumn> } & {
  [K in Extract<DecimalKey, MaybeKnownKey>]: ReturnType<typeof maybeDecimalColumn>;
};
const extendedColumns = Object.fromEntries(
  EXTENDED_FIELDS.map((f) => [
    f.key,
    maybe.has(f.key)
      ? f.decimal
        ? maybeDecimalColumn(f.key)
        : maybeIntColumn(f.key)
      : f.decimal
        ? decimalColumn(f.key)
        : intColumn(f.key),
  ]),
) as ExtendedColumns;

/** A player's figures for one round alone (an R2 row is round 2 only), every field of the format. */
export const playerRounds = pgTable(
  'player_rounds',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    guid: text('guid')
      .notNull()
      .references(() => players.guid),
    nameRaw: text('name_raw').notNull(),
    name: text('name').notNull(),
    team: smallint('team').$type<1 | 2 | 3>().notNull(),
    bot: boolean('bot').notNull(),
    /** The engine's per-client round counter (resets on reconnect). */
    engineRounds: integer('engine_rounds').notNull(),
    joinedInR2: boolean('joined_in_r2').notNull().default(false),
    reconnected: boolean('reconnected').notNull().default(false),
    /** R1 only: absent from its R2; null while the R1 has no R2. */
    leftEarly: boolean('left_early').default(false),
    kills: intColumn('kills'),
    deaths: intColumn('deaths'),
    hits: intColumn('hits'),
    shots: intColumn('shots'),
    headshotHits: intColumn('headshot_hits'),
    ...extendedColumns,
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.guid] }),
    index('player_rounds_guid_idx').on(t.guid, t.roundId),
  ],
);

export const playerWeaponRounds = pgTable(
  'player_weapon_rounds',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    guid: text('guid').notNull(),
    weapon: smallint('weapon').notNull(),
    hits: intColumn('hits'),
    shots: intColumn('shots'),
    kills: intColumn('kills'),
    deaths: intColumn('deaths'),
    headshots: intColumn('headshots'),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.guid, t.weapon] }),
    index('player_weapon_rounds_guid_idx').on(t.guid),
    index('player_weapon_rounds_weapon_idx').on(t.weapon),
  ],
);

/**
 * An evening of play on one game server: consecutive rounds with no gap longer than the configured
 * threshold. Two servers playing at the same time are two sessions.
 */
export const gamingSessions = pgTable(
  'gaming_sessions',
  {
    /**
     * `yyyymmddHHMM` of the first round's start (UTC), from the session's content alone, so a rebuild or a
     * shuffled re-import gives the same ids (stats/sessions.ts `settleSessionIds`). Tables referring to it
     * follow a change with ON UPDATE CASCADE; `rounds.session_id` is moved by the importer.
     */
    id: bigint('id', { mode: 'number' }).primaryKey(),
    serverId: integer('server_id')
      .notNull()
      .references(() => gameServers.id),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at').notNull(),
    roundCount: integer('round_count').notNull(),
    mapCount: integer('map_count').notNull(),
    playerCount: integer('player_count').notNull(),
  },
  (t) => [uniqueIndex('gaming_sessions_server_start_idx').on(t.serverId, t.startedAt)],
);
