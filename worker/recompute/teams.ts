import { type SQL, sql } from 'drizzle-orm';
import {
  detectTeams,
  scoreMap,
  scoreSession,
  type TeamLabel,
  type TeamRound,
} from '../../stats/teams.ts';
import { type NamedRound, sessionTeamNames } from '../../stats/stats-lua/team-names.ts';
import { type VoiceHeard, voiceTeams } from '../../stats/voice-teams.ts';
import { sessionMaps, sessionResults, sessionTeams } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

type Which = readonly number[] | 'all';
const CHUNK = 500;

const sessionFilter = (column: string, which: Which): SQL =>
  which === 'all' ? sql.raw(`${column} is not null`) : sql`${sql.raw(column)} in ${which}`;

interface SidedRow {
  session_id: number;
  round_id: number;
  round: 1 | 2;
  defender: 1 | 2;
  match_id: number | null;
  guid: string;
  team: 1 | 2 | 3;
  alpha_team_name: string | null;
  beta_team_name: string | null;
  alpha_side: 1 | 2 | null;
}
interface MatchRow {
  session_id: number;
  match_id: number;
  map: string;
  fa: number | null;
  fd: number | null;
}

/** Each session's rounds in play order (file time, then SHA-256: not arrival order), humans' sides only. */
async function sessionRounds(tx: Queryable, which: Which) {
  const rows = await rowsOf<SidedRow>(
    tx,
    sql`
    select r.session_id, r.id as round_id, r.round, r.defender, r.match_id, pr.guid, pr.team,
      r.alpha_team_name, r.beta_team_name, r.alpha_side
    from rounds r join stats_files f on f.id = r.file_id join player_rounds pr on pr.round_id = r.id and not pr.bot
    where ${sessionFilter('r.session_id', which)}
    order by r.session_id, r.ended_at, f.sha256, pr.guid`,
  );
  const sessions = new Map<
    number,
    {
      ids: number[];
      rounds: TeamRound[];
      sides: { guid: string; team: 1 | 2 | 3 }[][];
      named: NamedRound[];
    }
  >();
  for (const row of rows) {
    const s = sessions.get(row.session_id) ?? { ids: [], rounds: [], sides: [], named: [] };
    sessions.set(row.session_id, s);
    if (s.ids.at(-1) !== row.round_id) {
      const sides: { guid: string; team: 1 | 2 | 3 }[] = [];
      s.ids.push(row.round_id);
      s.rounds.push({
        unit: row.match_id ?? `round:${row.round_id}`,
        round: row.round,
        defender: row.defender,
        sides,
      });
      s.sides.push(sides);
      const { alpha_team_name: alpha, beta_team_name: beta, alpha_side: alphaSide } = row;
      s.named.push({ names: alphaSide === null ? null : { alpha, beta, alphaSide }, sides });
    }
    s.sides.at(-1)?.push({ guid: row.guid, team: row.team });
  }
  return sessions;
}

/** Moderators' corrections for the sessions, the latest one per player winning. */
async function overridesOf(tx: Queryable, which: Which) {
  const rows = await rowsOf<{ session_id: number; guid: string; team: TeamLabel }>(
    tx,
    sql`
    select r.session_id, o.guid, o.team from team_overrides o join rounds r on r.file_id = o.file_id
    where ${sessionFilter('r.session_id', which)} order by o.created_at, o.file_id`,
  );
  const bySession = new Map<number, Map<string, TeamLabel>>();
  for (const row of rows) {
    const map = bySession.get(row.session_id) ?? new Map<string, TeamLabel>();
    bySession.set(row.session_id, map.set(row.guid, row.team));
  }
  return bySession;
}

/**
 * Per session and linked player, the team voice channel (`voice_settings`) they spent most of the
 * session's rounds in, from the stored presence that overlaps each round. Empty where voice is not tracked.
 */
async function voiceHeardOf(tx: Queryable, which: Which) {
  const rows = await rowsOf<{
    session_id: number;
    guid: string;
    channel: 'a' | 'b';
    seconds: number;
  }>(
    tx,
    sql`
    with played as (
      select r.session_id, r.started_at, r.ended_at, g.community_id
      from rounds r join game_servers g on g.id = r.server_id
      where ${sessionFilter('r.session_id', which)})
    select p.session_id, l.guid,
      case when vp.channel_id = vs.team_a_channel_id then 'a' else 'b' end as channel,
      sum(extract(epoch from least(coalesce(vp.ended_at, p.ended_at), p.ended_at)
        - greatest(vp.started_at, p.started_at)))::float8 as seconds
    from played p
    join community_guilds cg on cg.community_id = p.community_id
    join voice_settings vs on vs.guild_id = cg.guild_id
    join voice_presence vp on vp.guild_id = cg.guild_id
      and vp.channel_id in (vs.team_a_channel_id, vs.team_b_channel_id)
      and vp.started_at < p.ended_at and coalesce(vp.ended_at, 'infinity') > p.started_at
    join discord_links l on l.community_id = p.community_id and l.user_id = vp.user_id
    group by 1, 2, 3`,
  );
  const seconds = new Map<number, Map<string, { a: number; b: number }>>();
  for (const row of rows) {
    const session = seconds.get(row.session_id) ?? new Map<string, { a: number; b: number }>();
    seconds.set(row.session_id, session);
    const player = session.get(row.guid) ?? { a: 0, b: 0 };
    session.set(row.guid, player);
    player[row.channel] += Math.max(0, Number(row.seconds));
  }
  const heard = new Map<number, Map<string, VoiceHeard>>();
  for (const [sessionId, players] of seconds) {
    const session = new Map<string, VoiceHeard>();
    for (const [guid, { a, b }] of players) {
      if (a + b <= 0 || a === b) continue; // no time, or as long in both: voice does not tell
      const channel = a > b ? 'a' : 'b';
      session.set(guid, { channel, share: Math.round((Math.max(a, b) / (a + b)) * 1000) / 1000 });
    }
    heard.set(sessionId, session);
  }
  return heard;
}

async function matchesOf(tx: Queryable, which: Which) {
  return rowsOf<MatchRow>(
    tx,
    sql`
    select r.session_id, m.id as match_id, m.map, m.first_attackers_points as fa, m.first_defenders_points as fd
    from matches m join rounds r on r.id = m.round1_id join stats_files f on f.id = r.file_id
    where ${sessionFilter('r.session_id', which)} order by r.session_id, m.started_at, f.sha256`,
  );
}

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * Re-detects the teams of the sessions (or of all) and scores their maps and results, replacing what was
 * stored for them. Sessions with no human round get no rows.
 */
export async function recomputeTeams(tx: Queryable, which: Which) {
  if (which !== 'all' && which.length === 0) return { sessions: 0 };
  await tx.execute(sql`delete from session_teams where ${sessionFilter('session_id', which)}`);
  await tx.execute(sql`delete from session_maps where ${sessionFilter('session_id', which)}`);
  await tx.execute(sql`delete from session_results where ${sessionFilter('session_id', which)}`);
  const [sessions, overrides, matches, heard] = [
    await sessionRounds(tx, which),
    await overridesOf(tx, which),
    await matchesOf(tx, which),
    await voiceHeardOf(tx, which),
  ];
  const matchesBySession = new Map<number, MatchRow[]>();
  for (const m of matches) {
    const list = matchesBySession.get(m.session_id);
    if (list) list.push(m);
    else matchesBySession.set(m.session_id, [m]);
  }

  const teamRows: (typeof sessionTeams.$inferInsert)[] = [];
  const mapRows: (typeof sessionMaps.$inferInsert)[] = [];
  const resultRows: (typeof sessionResults.$inferInsert)[] = [];
  for (const [sessionId, { ids, rounds, named }] of sessions) {
    const corrected = overrides.get(sessionId) ?? new Map<string, TeamLabel>();
    const voice = voiceTeams(rounds, corrected, heard.get(sessionId) ?? new Map());
    const teams = detectTeams(rounds, corrected, voice);
    const names = sessionTeamNames(named, new Map(teams.players.map((p) => [p.guid, p.team])));
    for (const p of teams.players) {
      teamRows.push({
        sessionId,
        guid: p.guid,
        team: p.team,
        confidence: p.confidence,
        source: p.source,
        role: p.role,
        replaces: p.replaces,
        rounds: p.rounds,
        agreeingRounds: p.agreeingRounds,
        firstRoundId: ids[p.firstRound] as number,
        lastRoundId: ids[p.lastRound] as number,
      });
    }
    const units = new Map(teams.units.map((u) => [u.unit, u]));
    const scored: { A: number; B: number }[] = [];
    let lowest = 1;
    for (const [order, m] of (matchesBySession.get(sessionId) ?? []).entries()) {
      const unit = units.get(m.match_id);
      const points =
        unit && m.fa !== null && m.fd !== null
          ? scoreMap(unit.firstAttackers, { first_attackers: m.fa, first_defenders: m.fd })
          : null;
      if (points) {
        scored.push(points);
        lowest = Math.min(lowest, unit?.confidence ?? 0);
      }
      mapRows.push({
        sessionId,
        matchId: m.match_id,
        map: m.map,
        playOrder: order,
        firstAttackersTeam: unit?.firstAttackers ?? null,
        teamAPoints: points?.A ?? null,
        teamBPoints: points?.B ?? null,
        confidence: unit?.confidence ?? 0,
      });
    }
    const result = scoreSession(scored);
    resultRows.push({
      sessionId,
      teamAMaps: result.mapsWon.A,
      teamBMaps: result.mapsWon.B,
      drawnMaps: result.mapsDrawn,
      teamAPoints: result.points.A,
      teamBPoints: result.points.B,
      winner: result.winner,
      confidence: scored.length === 0 ? 0 : lowest,
      teamAName: names.A,
      teamBName: names.B,
    });
  }
  await insertChunked(teamRows, (chunk) => tx.insert(sessionTeams).values(chunk));
  await insertChunked(mapRows, (chunk) => tx.insert(sessionMaps).values(chunk));
  await insertChunked(resultRows, (chunk) => tx.insert(sessionResults).values(chunk));
  return { sessions: sessions.size };
}
