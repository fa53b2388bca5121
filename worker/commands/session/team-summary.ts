import type { SessionPlayer, TeamSide } from '../../queries/session-report.ts';

// What the summary adds under the result: each team's totals and the session's MVP. Pure rules over the
// session's players, so they are tested without a database.

export interface TeamTotals {
  readonly team: TeamSide;
  readonly players: number;
  readonly kills: number;
  readonly deaths: number;
  readonly damageGiven: number;
  readonly minutes: number;
  /** The team's damage over its players' time played: a team that rotated players is not inflated. */
  readonly dpm: number;
  /** Revives given by the team; null when none of its players' files carried the figure. */
  readonly revives: number | null;
}

/** Teams A and B (those with a player) summed over their players' session totals. */
export function teamTotals(players: readonly SessionPlayer[]): TeamTotals[] {
  return (['A', 'B'] as const).flatMap((team) => {
    const members = players.filter((p) => p.team === team);
    if (members.length === 0) return [];
    const sum = (f: (p: SessionPlayer) => number) => members.reduce((n, p) => n + f(p), 0);
    const damageGiven = sum((p) => p.figures.damage_given);
    const minutes = sum((p) => p.figures.time_played_min);
    const known = members.filter((p) => p.figures.revives_given !== null);
    return [
      {
        team,
        players: members.length,
        kills: sum((p) => p.figures.kills),
        deaths: sum((p) => p.figures.deaths),
        damageGiven,
        minutes,
        dpm: minutes > 0 ? Math.round((100 * damageGiven) / minutes) / 100 : 0,
        revives:
          known.length === 0 ? null : known.reduce((n, p) => n + (p.figures.revives_given ?? 0), 0),
      },
    ];
  });
}

/** The rule, as the summary states it under the MVP's name. */
export const MVP_RULE =
  'MVP: the best DPM among players with at least half the longest time played; ties: more kills';

/**
 * The session's most valuable player by MVP_RULE. DPM is the figure the community ranks by; the time floor
 * keeps someone who played one hot round from outranking the lineup that played all evening. Null when
 * nobody dealt damage.
 */
export function sessionMvp(players: readonly SessionPlayer[]): SessionPlayer | null {
  const longest = Math.max(0, ...players.map((p) => p.figures.time_played_min));
  const [best] = players
    .filter((p) => p.figures.time_played_min >= longest / 2 && p.figures.damage_given > 0)
    .sort(
      (a, b) =>
        b.figures.dpm - a.figures.dpm ||
        b.figures.kills - a.figures.kills ||
        (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0),
    );
  return best ?? null;
}
