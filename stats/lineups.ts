/**
 * Lineup changes across a session: who joined and who left each team between one map play and the next.
 * A map play's lineup is everyone who played a round of it on that team (an R2 newcomer included), so a
 * player who moved to the other team leaves one and joins the other.
 */
export type LineupTeam = 'A' | 'B';

export interface MapLineup {
  readonly A: readonly string[];
  readonly B: readonly string[];
}

export interface TeamChange {
  readonly joined: readonly string[];
  readonly left: readonly string[];
}

/** The change from the map play before to this one (the first map play has none: it is the start). */
export interface LineupChange {
  readonly A: TeamChange;
  readonly B: TeamChange;
}

/** Each map play's lineup from its rounds' players (rounds in play order, grouped by map play). */
export function mapLineups<K>(
  rounds: readonly {
    readonly play: K;
    readonly players: readonly { guid: string; team: LineupTeam | null }[];
  }[],
): Map<K, MapLineup> {
  const lineups = new Map<K, { A: string[]; B: string[]; seen: Set<string> }>();
  for (const round of rounds) {
    const lineup = lineups.get(round.play) ?? { A: [], B: [], seen: new Set<string>() };
    lineups.set(round.play, lineup);
    for (const p of round.players) {
      // The side a player first played on in the map play: a second round on the other side is a switch
      // within one map, rare and not a lineup change between maps.
      if (p.team === null || lineup.seen.has(p.guid)) continue;
      lineup.seen.add(p.guid);
      lineup[p.team].push(p.guid);
    }
  }
  return new Map(
    [...lineups].map(([play, { A, B }]) => [play, { A: [...A].sort(), B: [...B].sort() }]),
  );
}

const minus = (from: readonly string[], other: readonly string[]) => {
  const drop = new Set(other);
  return from.filter((guid) => !drop.has(guid));
};

/** The change at each map play after the first: `changes[i]` leads from `lineups[i]` to `lineups[i + 1]`. */
export function lineupChanges(lineups: readonly MapLineup[]): LineupChange[] {
  return lineups.slice(1).map((now, i) => {
    const before = lineups[i] as MapLineup;
    const change = (team: LineupTeam): TeamChange => ({
      joined: minus(now[team], before[team]),
      left: minus(before[team], now[team]),
    });
    return { A: change('A'), B: change('B') };
  });
}

/** Whether a change moved anyone. */
export const changedLineup = (c: LineupChange) =>
  c.A.joined.length + c.A.left.length + c.B.joined.length + c.B.left.length > 0;
