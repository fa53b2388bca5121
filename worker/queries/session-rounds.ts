import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from './communities.ts';

export type TeamSide = 'A' | 'B';

/** One human's figures in one round of a map play. */
export interface RoundPlayerFigures {
  readonly guid: string;
  /** The session team the player was on in this map play; null before the recompute found the teams. */
  readonly team: TeamSide | null;
  readonly kills: number;
  readonly deaths: number;
  readonly damageGiven: number;
  readonly minutes: number;
  readonly dpm: number;
}

/** One round of a map play: an R1, paired or not yet, or a paired R2 (an orphan R2 carries no per-round figure). */
export interface SessionRoundPlay {
  readonly matchId: number;
  readonly round: 1 | 2;
  /** Null when nothing in the file told how long it lasted. */
  readonly durationS: number | null;
  /** The attackers completed the objective (else the defenders held). */
  readonly attackersWon: boolean;
  /** The session team that attacked this round; null before the recompute found the teams. */
  readonly attackers: TeamSide | null;
  /** Humans of the round, best DPM first. */
  readonly players: readonly RoundPlayerFigures[];
}

interface Row {
  match_id: number;
  round: 1 | 2;
  duration_s: number | null;
  attackers_won: boolean;
  defender: 1 | 2;
  first_attackers_team: TeamSide | null;
  guid: string | null;
  side: 1 | 2 | 3 | null;
  kills: number | null;
  deaths: number | null;
  damage_given: number | null;
  minutes: number | null;
}

const other = (team: TeamSide): TeamSide => (team === 'A' ? 'B' : 'A');

/**
 * The session team of a side in a stopwatch round: in R1 the attacking side is the first attackers, in R2
 * the defending side is (the groups swap sides, the defending side number stays).
 */
function teamOfSide(
  round: 1 | 2,
  defender: 1 | 2,
  side: 1 | 2,
  firstAttackers: TeamSide | null,
): TeamSide | null {
  if (firstAttackers === null) return null;
  const inFirstAttackers = (round === 1) === (side !== defender);
  return inFirstAttackers ? firstAttackers : other(firstAttackers);
}

/** Every round of the session's map plays in play order, with each human's figures in it. */
export async function sessionRoundPlays(
  db: Queryable,
  communityId: number,
  sessionId: number,
): Promise<SessionRoundPlay[]> {
  const rows = await rowsOf<Row>(
    db,
    sql`
    select r.match_id, r.round, r.duration_s, r.attackers_won, r.defender, sm.first_attackers_team,
      pr.guid, pr.team as side, pr.kills, pr.deaths, pr.damage_given, pr.time_played_min::float8 as minutes
    from rounds r join stats_files f on f.id = r.file_id
    left join session_maps sm on sm.session_id = r.session_id and sm.match_id = r.match_id
    left join player_rounds pr on pr.round_id = r.id and not pr.bot and pr.team <> 3
    where r.session_id = ${sessionId} and r.match_id is not null and ${ofCommunity(communityId)}
    order by r.ended_at, f.sha256, pr.guid`,
  );
  const plays: (SessionRoundPlay & { players: RoundPlayerFigures[] })[] = [];
  for (const row of rows) {
    let play = plays.at(-1);
    if (!play || play.matchId !== row.match_id || play.round !== row.round) {
      const r1Attackers = row.first_attackers_team;
      play = {
        matchId: row.match_id,
        round: row.round,
        durationS: row.duration_s,
        attackersWon: row.attackers_won,
        attackers: r1Attackers === null ? null : row.round === 1 ? r1Attackers : other(r1Attackers),
        players: [],
      };
      plays.push(play);
    }
    if (row.guid === null || row.side === null || row.side === 3) continue;
    const minutes = row.minutes ?? 0;
    const damageGiven = row.damage_given ?? 0;
    play.players.push({
      guid: row.guid,
      team: teamOfSide(row.round, row.defender, row.side, row.first_attackers_team),
      kills: row.kills ?? 0,
      deaths: row.deaths ?? 0,
      damageGiven,
      minutes,
      dpm: minutes > 0 ? Math.round((100 * damageGiven) / minutes) / 100 : 0,
    });
  }
  for (const play of plays)
    play.players.sort((a, b) => b.dpm - a.dpm || b.kills - a.kills || (a.guid < b.guid ? -1 : 1));
  return plays;
}
