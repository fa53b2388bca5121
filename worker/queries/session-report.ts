import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { shownName } from '../db/scopes.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';
import { GRENADE_WEAPON } from '../recompute/metrics.ts';
import { SESSION_COLUMNS, type SessionSummary } from './sessions.ts';
import { type SessionRoundPlay, sessionRoundPlays } from './session-rounds.ts';
import { NO_TEAM_NAMES, type TeamNames, teamNamesOf } from './team-names.ts';
import { type Totals, totalsColumns, withMetrics } from './totals.ts';
import { type Attendee, sessionAttendance } from './voice.ts';

export type { SessionSummary } from './sessions.ts';
export type { RoundPlayerFigures, SessionRoundPlay } from './session-rounds.ts';
export type { TeamNames } from './team-names.ts';
export type TeamSide = 'A' | 'B';

/** A player's session totals with the ratios every view shows, and hand-grenade kills. */
export type PlayerFigures = ReturnType<typeof withMetrics> & { grenades: number };

export interface SessionPlayer {
  readonly guid: string;
  /** The player's latest name (`shownName`), colour codes stripped (escape it before printing). */
  readonly name: string;
  /** Started at least one map; false for someone who only came in for an R2 (truth.json's session players are the lineup). */
  readonly lineup: boolean;
  /** The recompute's team; null until it has run for this session. */
  readonly team: TeamSide | null;
  readonly figures: PlayerFigures;
}

/** One play of a map in the session: its R1 and R2 (a `match`), or an orphan R2 whose figures are unknown. */
export interface SessionMapPlay {
  /** 1, 2, 3… in play order. */
  readonly order: number;
  readonly matchId: number | null;
  readonly map: string;
  readonly startedAt: string;
  /** Both rounds are in (stopwatch points exist). */
  readonly complete: boolean;
  /** An R2 with no R1: its file holds match totals, so no player figure comes from it. */
  readonly orphan: boolean;
  readonly firstAttackersPoints: number | null;
  readonly firstDefendersPoints: number | null;
  /** Which team attacked first, once the recompute detected the teams. */
  readonly firstAttackersTeam: TeamSide | null;
  /** The map's points given to the teams (2–0 or 1–1); null while incomplete or before the recompute. */
  readonly points: { readonly A: number; readonly B: number } | null;
  /** The first attackers' expected score before the map, by the rating; null when it had no lineup. */
  readonly expected: number | null;
}

/** One human's figures on one map play (R1 + R2), for the maps view and the DPM timeline. */
export interface MapPlayerFigures {
  readonly matchId: number;
  readonly guid: string;
  readonly kills: number;
  readonly deaths: number;
  readonly damageGiven: number;
  readonly minutes: number;
  readonly dpm: number;
}

export interface SessionResult {
  readonly mapsWon: { readonly A: number; readonly B: number };
  readonly mapsDrawn: number;
  readonly points: { readonly A: number; readonly B: number };
  /** Null: a draw (equal maps won). */
  readonly winner: TeamSide | null;
  /** The lowest team-detection confidence of its scored maps (0..1). */
  readonly confidence: number;
}

export interface SessionWeaponRow {
  readonly guid: string;
  readonly weapon: number;
  readonly kills: number;
  readonly deaths: number;
  readonly hits: number;
  readonly shots: number;
  readonly headshots: number;
}

/** Everything `/last_session` and `/session` show of one gaming session. Bots are counted, not listed. */
export interface SessionReport {
  readonly session: SessionSummary;
  /** Humans, most kills first. */
  readonly players: readonly SessionPlayer[];
  readonly botCount: number;
  readonly maps: readonly SessionMapPlay[];
  readonly mapPlayers: readonly MapPlayerFigures[];
  /** The recompute's score of the session; null until it has run. */
  readonly result: SessionResult | null;
  /** Per human and weapon; empty unless asked for (`weapons: true`). */
  readonly weapons: readonly SessionWeaponRow[];
  /** The game server's own end-of-round awards (endstats companions), per round that has them. */
  readonly serverAwards: readonly RoundAwards[];
  /** Each round of the map plays, in play order, with who attacked and each human's figures; empty unless asked for (`rounds: true`). */
  readonly rounds: readonly SessionRoundPlay[];
  /** The moderators' names for teams A and B (`/admin teams name`). */
  readonly teamNames: TeamNames;
  /** Linked players who were in the tracked voice channels meanwhile (`/admin voice`), longest first. */
  readonly voice: readonly Attendee[];
}

export interface RoundAwards {
  readonly map: string;
  readonly round: 1 | 2;
  readonly awards: readonly { award: string; player: string; value: number; unit: string | null }[];
}

/** The id of the most recent gaming session, or null when nothing was imported yet. */
export async function latestSessionId(db: Queryable, communityId: number): Promise<number | null> {
  const [row] = await rowsOf<{ id: number }>(
    db,
    sql`select id from gaming_sessions where ${ofCommunity(communityId, 'gaming_sessions')} order by started_at desc, id desc limit 1`,
  );
  return row?.id ?? null;
}

type PlayerRow = Totals & {
  guid: string;
  name: string;
  bot: boolean;
  lineup: boolean;
  team: TeamSide | null;
  grenades: number;
};
type MapRow = {
  match_id: number | null;
  map: string;
  started_at: string;
  complete: boolean;
  fa: number | null;
  fd: number | null;
  first_attackers_team: TeamSide | null;
  team_a_points: number | null;
  team_b_points: number | null;
  expected: number | null;
};

/**
 * The session's report, or null when there is no such session. `weapons: true` adds the per-weapon rows,
 * `rounds: true` the rounds with their players (the maps and lineups views).
 */
export async function sessionReport(
  db: Queryable,
  communityId: number,
  id: number,
  options: { weapons?: boolean; rounds?: boolean } = {},
): Promise<SessionReport | null> {
  const [session] = await rowsOf<SessionSummary>(
    db,
    sql`select ${SESSION_COLUMNS} from gaming_sessions where id = ${id} and ${ofCommunity(communityId, 'gaming_sessions')}`,
  );
  if (!session) return null;
  const people = await rowsOf<PlayerRow>(
    db,
    sql`
    select pr.guid, ${shownName(sql`pr.guid`, communityId)} as name, bool_or(pr.bot) as bot,
      bool_or(not pr.joined_in_r2) as lineup, min(st.team) as team, ${totalsColumns()},
      coalesce(sum(w.kills), 0)::int as grenades
    from player_rounds pr join rounds r on r.id = pr.round_id
    left join player_weapon_rounds w on w.round_id = pr.round_id and w.guid = pr.guid and w.weapon = ${GRENADE_WEAPON}
    left join session_teams st on st.session_id = r.session_id and st.guid = pr.guid
    where r.session_id = ${id} group by pr.guid order by sum(pr.kills) desc, pr.guid`,
  );
  const maps = await rowsOf<MapRow>(
    db,
    sql`
    select m.id as match_id, m.map, ${isoTime('m.started_at')} as started_at, m.round2_id is not null as complete,
      m.first_attackers_points as fa, m.first_defenders_points as fd, sm.first_attackers_team, sm.team_a_points, sm.team_b_points,
      rm.expected
    from matches m join rounds r on r.id = m.round1_id
    left join session_maps sm on sm.session_id = r.session_id and sm.match_id = m.id
    left join rating_maps rm on rm.match_id = m.id
    where r.session_id = ${id}
    union all
    select null, r.map, ${isoTime('r.started_at')}, false, null, null, null, null, null, null
    from rounds r where r.session_id = ${id} and r.match_id is null
    order by 3, 1`,
  );
  const perMap = await rowsOf<{
    match_id: number;
    guid: string;
    kills: number;
    deaths: number;
    damage_given: number;
    minutes: number;
  }>(
    db,
    sql`
    select r.match_id, pr.guid, sum(pr.kills)::int as kills, sum(pr.deaths)::int as deaths, sum(pr.damage_given)::int as damage_given,
      coalesce(round(sum(pr.time_played_min)::numeric, 1), 0)::float8 as minutes
    from player_rounds pr join rounds r on r.id = pr.round_id
    where r.session_id = ${id} and r.match_id is not null and not pr.bot group by r.match_id, pr.guid`,
  );
  const [result] = await rowsOf<{
    a_maps: number;
    b_maps: number;
    drawn: number;
    a_points: number;
    b_points: number;
    winner: TeamSide | null;
    confidence: number;
  }>(
    db,
    sql`
    select team_a_maps as a_maps, team_b_maps as b_maps, drawn_maps as drawn, team_a_points as a_points, team_b_points as b_points, winner, confidence
    from session_results where session_id = ${id}`,
  );
  const weapons = options.weapons ? await sessionWeapons(db, id) : [];
  const serverAwards = await rowsOf<RoundAwards & { awards: unknown }>(
    db,
    sql`select r.map, r.round, c.content -> 'awards' as awards
    from rounds r join stats_files f on f.id = r.file_id
    join lateral (select content from companion_files cf where cf.server_id = r.server_id
      and cf.round_file_name = f.file_name order by cf.size desc, cf.normalized_sha256 limit 1) c on true
    where r.session_id = ${id} order by r.ended_at, r.id`,
  );

  const rounds = options.rounds ? await sessionRoundPlays(db, communityId, id) : [];
  const teamNames = (await teamNamesOf(db, communityId, [id])).get(id) ?? NO_TEAM_NAMES;
  const humans = people.filter((p) => !p.bot);
  return {
    session,
    rounds,
    teamNames,
    players: humans.map(({ guid, name, lineup, team, grenades, bot: _, ...totals }) => ({
      guid,
      name,
      lineup,
      team: team ?? null,
      figures: { ...withMetrics(totals as Totals), grenades },
    })),
    botCount: people.length - humans.length,
    maps: maps.map((m, i) => ({
      order: i + 1,
      matchId: m.match_id,
      map: m.map,
      startedAt: m.started_at,
      complete: m.complete,
      orphan: m.match_id === null,
      firstAttackersPoints: m.fa,
      firstDefendersPoints: m.fd,
      firstAttackersTeam: m.first_attackers_team,
      points:
        m.team_a_points === null || m.team_b_points === null
          ? null
          : { A: m.team_a_points, B: m.team_b_points },
      expected: m.expected,
    })),
    mapPlayers: perMap.map((r) => ({
      matchId: r.match_id,
      guid: r.guid,
      kills: r.kills,
      deaths: r.deaths,
      damageGiven: r.damage_given,
      minutes: r.minutes,
      dpm: r.minutes > 0 ? Math.round((100 * r.damage_given) / r.minutes) / 100 : 0,
    })),
    serverAwards: serverAwards.map((a) => ({
      ...a,
      awards: (typeof a.awards === 'string'
        ? JSON.parse(a.awards)
        : a.awards) as RoundAwards['awards'],
    })),
    result: result
      ? {
          mapsWon: { A: result.a_maps, B: result.b_maps },
          mapsDrawn: result.drawn,
          points: { A: result.a_points, B: result.b_points },
          winner: result.winner,
          confidence: result.confidence,
        }
      : null,
    weapons,
    voice: await sessionAttendance(db, communityId, id),
  };
}

async function sessionWeapons(db: Queryable, id: number): Promise<SessionWeaponRow[]> {
  return rowsOf<SessionWeaponRow>(
    db,
    sql`
    select w.guid, w.weapon, sum(w.kills)::int as kills, sum(w.deaths)::int as deaths, sum(w.hits)::int as hits,
      sum(w.shots)::int as shots, sum(w.headshots)::int as headshots
    from player_weapon_rounds w join rounds r on r.id = w.round_id
    join player_rounds pr on pr.round_id = w.round_id and pr.guid = w.guid
    where r.session_id = ${id} and not pr.bot group by w.guid, w.weapon`,
  );
}

/** What a DPM-per-map timeline chart needs: the map plays in order and each human's DPM on each (null: did not play it). */
export interface SessionTimeline {
  readonly sessionId: number;
  readonly maps: readonly { readonly order: number; readonly map: string }[];
  readonly players: readonly {
    readonly guid: string;
    readonly name: string;
    readonly team: TeamSide | null;
    readonly dpm: readonly (number | null)[];
  }[];
}

export function sessionTimeline(report: SessionReport): SessionTimeline {
  const plays = report.maps.filter(
    (m): m is SessionMapPlay & { matchId: number } => m.matchId !== null,
  );
  const byKey = new Map(report.mapPlayers.map((f) => [`${f.matchId}:${f.guid}`, f]));
  return {
    sessionId: report.session.id,
    maps: plays.map((m) => ({ order: m.order, map: m.map })),
    players: report.players.map((p) => ({
      guid: p.guid,
      name: p.name,
      team: p.team,
      dpm: plays.map((m) => byKey.get(`${m.matchId}:${p.guid}`)?.dpm ?? null),
    })),
  };
}

/** Each map play's attack times (seconds) of the group that attacked first and of the other; null: it did not complete. */
export type AttackTimes = ReadonlyMap<number, readonly [number | null, number | null]>;

/** Per complete map play of the session (by match id): the attack times of R1's and R2's attackers, null when they failed. */
export async function sessionAttackTimes(
  db: Queryable,
  communityId: number,
  sessionId: number,
): Promise<AttackTimes> {
  const rows = await rowsOf<{
    match_id: number;
    r1_won: boolean;
    r1_s: number;
    r2_won: boolean;
    r2_s: number;
  }>(
    db,
    sql`
    select m.id as match_id, r1.attackers_won as r1_won, r1.duration_s as r1_s, r2.attackers_won as r2_won, r2.duration_s as r2_s
    from matches m join rounds r1 on r1.id = m.round1_id join rounds r2 on r2.id = m.round2_id
    where r1.session_id = ${sessionId} and ${ofCommunity(communityId, 'r1')}`,
  );
  return new Map(
    rows.map((r) => [r.match_id, [r.r1_won ? r.r1_s : null, r.r2_won ? r.r2_s : null] as const]),
  );
}
