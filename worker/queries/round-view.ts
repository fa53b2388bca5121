import { asc, eq, inArray } from 'drizzle-orm';
import {
  gameServers,
  matches,
  playerRounds,
  playerWeaponRounds,
  rounds,
  statsFiles,
} from '../../schema/index.ts';
import { EXTENDED_FIELDS, WEAPON_NAMES, type WeaponFigures } from '../../stats/fields.ts';
import type { Queryable } from '../db/database.ts';

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

/** A player's figures for one round alone, under the field names of truth.json. */
export type RoundPlayerView = Record<(typeof OUTPUT_KEYS)[number], number> & {
  /** As written, with colour codes (truth.json's `name`). */
  name: string;
  name_clean: string;
  team: 1 | 2 | 3;
  bot: boolean;
  joined_in_r2: boolean;
  reconnected: boolean;
  left_early: boolean;
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
  duration_s: number;
  duration_source: string;
  legacy_header: boolean;
  orphan: boolean;
  attackers_won: boolean;
  /** Stopwatch points of a complete map (on its R2; also on its R1 once R2 is in). */
  map_score: { first_attackers: number; first_defenders: number } | null;
  /** Null for an orphan R2: its figures are match totals that cannot be split into rounds. */
  players: Record<string, RoundPlayerView> | null;
}

/** Every stored round whose id is listed, with its players' figures for that round alone. */
export async function roundViews(db: Queryable, ids: number[]): Promise<RoundView[]> {
  if (ids.length === 0) return [];
  const found = await db
    .select({ round: rounds, file: statsFiles.fileName, server: gameServers.name, match: matches })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
    .leftJoin(matches, eq(matches.id, rounds.matchId))
    .where(inArray(rounds.id, ids))
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
  const people = await db
    .select()
    .from(playerRounds)
    .where(inArray(playerRounds.roundId, ids))
    .orderBy(asc(playerRounds.guid));
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
export async function roundIdsByFileName(db: Queryable, fileName: string) {
  return db
    .select({ id: rounds.id, server: gameServers.name })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
    .where(eq(statsFiles.fileName, fileName));
}
