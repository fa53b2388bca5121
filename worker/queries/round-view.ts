import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  gameServers,
  matches,
  playerRounds,
  playerWeaponRounds,
  rounds,
  statsFiles,
} from '../../schema/index.ts';
import {
  EXTENDED_FIELDS,
  type MaybeKnownKey,
  WEAPON_NAMES,
  type WeaponFigures,
} from '../../stats/fields.ts';
import type { Queryable } from '../db/database.ts';
import { intArray, rowsOf } from '../db/rows.ts';
import { shownName } from '../db/scopes.ts';

/** `M:SS`, as the files write times. */
export const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

const OUTPUT_KEYS = [
  'kills',
  'deaths',
  'hits',
  'shots',
  'headshot_hits',
  ...EXTENDED_FIELDS.map((f) => f.key),
] as const;

/**
 * A player's figures for one round alone, under the field names of truth.json; null where the file
 * does not tell (a field its layout lacks, field 20 garbage, round-2 time alive % without time).
 */
export type RoundPlayerView = Record<Exclude<(typeof OUTPUT_KEYS)[number], MaybeKnownKey>, number> &
  Record<MaybeKnownKey, number | null> & {
    /** As written, with colour codes (truth.json's `name`). */
    name: string;
    name_clean: string;
    /** The name the player is shown by today (their latest, `shownName`): messages print this one. */
    shown_name: string;
    team: 1 | 2 | 3;
    bot: boolean;
    joined_in_r2: boolean;
    reconnected: boolean;
    /** R1 only: absent from its R2; null while the R1 has no R2. */
    left_early: boolean | null;
    weapons: Record<string, WeaponFigures>;
  };

export interface RoundView {
  id: number;
  file: string;
  server: string;
  map: string;
  round: 1 | 2;
  /** The R1 file name without `-round-1.txt` (as in truth.json); null for an orphan R2. */
  match: string | null;
  match_id: number | null;
  session_id: number | null;
  ended_at: string;
  defender: number;
  winner: number;
  timelimit: string;
  /** Null when nothing tells (an orphan R2 whose attackers won with a 0:00 field 8). */
  duration_s: number | null;
  /** `field 9` (measured), `field 8`, `time played` or `time limit` (STATS_FORMAT.md's order). */
  duration_source: string | null;
  legacy_header: boolean;
  orphan: boolean;
  /** A header-only file (an idle round): no players, no session, no result. */
  empty: boolean;
  /** The extended-field counts (layouts) of its lines: 38, 37, 36, 33. */
  ext_fields: number[];
  /** Field 20 (bullets fired) was the sum of shots on every line; else bullets fired is null. */
  bullets_known: boolean;
  /** A paired R2 whose file held round 2 alone (taken as written); null for R1s and orphans. */
  r2_per_round: boolean | null;
  /** Other copies of this file name with other content, kept and not read. */
  conflicting_copies: number;
  /** The server's end-of-round awards (its endstats companion), or null when none arrived. */
  awards: { award: string; player: string; value: number; unit: string | null }[] | null;
  attackers_won: boolean;
  /** Stopwatch points of a complete map (on its R2; also on its R1 once R2 is in). */
  map_score: { first_attackers: number; first_defenders: number } | null;
  /** Null for an orphan R2: its figures are match totals that cannot be split into rounds. */
  players: Record<string, RoundPlayerView> | null;
}

/**
 * Every stored round whose id is listed, of the community's servers (`'any'`: jobs that already know
 * the round, like the announcer), with its players' figures for that round alone.
 */
export async function roundViews(
  db: Queryable,
  communityId: number | 'any',
  ids: number[],
): Promise<RoundView[]> {
  if (ids.length === 0) return [];
  const found = await db
    .select({
      round: rounds,
      file: statsFiles.fileName,
      server: gameServers.name,
      community: gameServers.communityId,
      match: matches,
    })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
    .leftJoin(matches, eq(matches.id, rounds.matchId))
    .where(
      communityId === 'any'
        ? inArray(rounds.id, ids)
        : and(inArray(rounds.id, ids), eq(gameServers.communityId, communityId)),
    )
    .orderBy(asc(rounds.endedAt));
  const r1Ids = found.map((f) => f.match?.round1Id).filter((id): id is number => id !== undefined);
  const r1Files = new Map(
    r1Ids.length === 0
      ? []
      : (
          await db
            .select({ id: rounds.id, file: statsFiles.fileName })
            .from(rounds)
            .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
            .where(inArray(rounds.id, r1Ids))
        ).map((r) => [r.id, r.file]),
  );
  const extras = await roundExtras(db, ids);
  const people = await db
    .select()
    .from(playerRounds)
    .where(inArray(playerRounds.roundId, ids))
    .orderBy(asc(playerRounds.guid));
  const guids = [...new Set(people.map((p) => p.guid))];
  // Players are named as the rounds' community names them (announcements ask for rounds of any one).
  const communities = [...new Set(found.map((f) => f.community))];
  const shownIn =
    communityId !== 'any'
      ? communityId
      : communities.length === 1
        ? (communities[0] as number)
        : null;
  const shown = new Map(
    guids.length === 0
      ? []
      : (
          await rowsOf<{ guid: string; name: string }>(
            db,
            sql`select p.guid, ${shownName(sql`p.guid`, shownIn)} as name from players p where p.guid in ${guids}`,
          )
        ).map((row) => [row.guid, row.name]),
  );
  const weapons = await db
    .select()
    .from(playerWeaponRounds)
    .where(inArray(playerWeaponRounds.roundId, ids))
    .orderBy(asc(playerWeaponRounds.weapon));
  const weaponsOf = new Map<string, Record<string, WeaponFigures>>();
  for (const { roundId, guid, weapon, ...w } of weapons) {
    const key = `${roundId} ${guid}`;
    weaponsOf.set(key, { ...weaponsOf.get(key), [WEAPON_NAMES[weapon] ?? `WS_${weapon}`]: w });
  }
  const playersOf = new Map<number, Record<string, RoundPlayerView>>();
  for (const p of people) {
    const row = p as unknown as Record<string, number>;
    const figures = Object.fromEntries(
      OUTPUT_KEYS.map((key) => [key, key === 'headshot_hits' ? p.headshotHits : row[key]]),
    );
    const view = {
      name: p.nameRaw,
      name_clean: p.name,
      shown_name: shown.get(p.guid) ?? p.name,
      team: p.team,
      bot: p.bot,
      ...figures,
      joined_in_r2: p.joinedInR2,
      reconnected: p.reconnected,
      left_early: p.leftEarly,
      weapons: weaponsOf.get(`${p.roundId} ${p.guid}`) ?? {},
    } as RoundPlayerView;
    playersOf.set(p.roundId, { ...playersOf.get(p.roundId), [p.guid]: view });
  }
  return found.map(({ round: r, file, server, match }) => {
    const r1File = match ? r1Files.get(match.round1Id) : undefined;
    return {
      id: r.id,
      file,
      server,
      map: r.map,
      round: r.round,
      match: r1File ? r1File.replace(/-round-1\.txt$/, '') : null,
      match_id: r.matchId,
      session_id: r.sessionId,
      ended_at: r.endedAt.toISOString(),
      defender: r.defender,
      winner: r.winner,
      timelimit: clock(r.timeLimitS),
      duration_s: r.durationS,
      duration_source: r.durationSource,
      legacy_header: r.legacyHeader,
      orphan: r.orphan,
      empty: r.empty,
      ext_fields: r.extFields,
      bullets_known: r.bulletsKnown,
      r2_per_round: r.r2PerRound,
      conflicting_copies: extras.get(r.id)?.conflicts ?? 0,
      awards: extras.get(r.id)?.awards ?? null,
      attackers_won: r.attackersWon,
      map_score:
        match?.firstAttackersPoints != null && match.firstDefendersPoints != null
          ? {
              first_attackers: match.firstAttackersPoints,
              first_defenders: match.firstDefendersPoints,
            }
          : null,
      players: r.orphan ? null : (playersOf.get(r.id) ?? {}),
    };
  });
}

/** The rounds read from files of that name (one per server that sent such a file). */
export async function roundIdsByFileName(db: Queryable, communityId: number, fileName: string) {
  return db
    .select({ id: rounds.id, server: gameServers.name })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
    .where(and(eq(statsFiles.fileName, fileName), eq(gameServers.communityId, communityId)));
}

/** Per round: how many conflicting copies of its file are kept, and its companion's awards. */
async function roundExtras(db: Queryable, ids: readonly number[]) {
  const rows = await rowsOf<{ id: number; conflicts: number; awards: unknown }>(
    db,
    sql`select r.id, (select count(*) from stats_files c where c.server_id = r.server_id
        and c.file_name = f.file_name and c.status = 'conflict')::int as conflicts,
      (select cf.content -> 'awards' from companion_files cf where cf.server_id = r.server_id
        and cf.round_file_name = f.file_name order by cf.size desc, cf.normalized_sha256 limit 1) as awards
    from rounds r join stats_files f on f.id = r.file_id where r.id = any(${intArray(ids)})`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        conflicts: r.conflicts,
        awards: (typeof r.awards === 'string' ? JSON.parse(r.awards) : r.awards) as
          | RoundView['awards']
          | null,
      },
    ]),
  );
}
