/**
 * The two teams of a gaming session, from who played on which side of each round.
 *
 * In stopwatch the group that attacks in R1 defends in R2 (the defending side number stays, the players
 * swap), so within one map play every player belongs to the "first attackers" or the "first defenders".
 * Across a session a team keeps playing together from map to map, but which of the two groups it is on
 * each map varies. Detection orients every map so that the players' groups agree as much as possible
 * (co-occurrence), then gives each player the team they were on in most of their rounds.
 *
 * Labels: team A is the group that attacked first on the session's first map (unless a moderator's
 * correction pins the labels); B is the other one.
 */
export type TeamLabel = 'A' | 'B';

export interface TeamRound {
  /** Rounds of one map play (its R1 and R2) share a unit; a round without a partner has its own. */
  readonly unit: string | number;
  readonly round: 1 | 2;
  /** Field 5: the side that defends, in both rounds of a map. */
  readonly defender: 1 | 2;
  /** Human players' teams in this round: 1 Axis, 2 Allies, 3 spectator (carries nothing). */
  readonly sides: readonly { readonly guid: string; readonly team: 1 | 2 | 3 }[];
}

export type TeamRole = 'starter' | 'substitute' | 'joined';

export interface TeamAssignment {
  readonly guid: string;
  readonly team: TeamLabel;
  /** Share of the player's rounds in which they were where their team was (1 for a moderator's word). */
  readonly confidence: number;
  readonly rounds: number;
  readonly agreeingRounds: number;
  /** Who decided: a moderator's correction beats the team voice channels, which beat detection. */
  readonly source: 'detected' | 'voice' | 'moderator';
  /** starter: played the first map; substitute: came later in place of a teammate who had left; joined: came later. */
  readonly role: TeamRole;
  readonly replaces: string | null;
  /** Indexes into the rounds given (play order) of the player's first and last round on a side. */
  readonly firstRound: number;
  readonly lastRound: number;
}

/** A player's team from the team voice channels, with the share of their voice time that says so. */
export interface VoiceTeam {
  readonly team: TeamLabel;
  readonly confidence: number;
}

export interface UnitTeams {
  readonly unit: string | number;
  readonly firstAttackers: TeamLabel;
  /** Share of the unit's player-rounds that agree with the assignment. */
  readonly confidence: number;
}

export interface SessionTeams {
  readonly players: TeamAssignment[];
  readonly units: UnitTeams[];
}

/** +1 when in the group that attacked first on this map, -1 when in the other. */
const groupOf = (round: TeamRound, team: 1 | 2): 1 | -1 =>
  (round.round === 1) === (team !== round.defender) ? 1 : -1;
const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
const MAX_PASSES = 50;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

interface Unit {
  readonly key: string | number;
  /** Per player: the sum of group labels over the unit's rounds. */
  readonly net: Map<string, number>;
}

function unitsOf(rounds: readonly TeamRound[]): Unit[] {
  const units = new Map<string | number, Unit>();
  for (const r of rounds) {
    const unit = units.get(r.unit) ?? { key: r.unit, net: new Map<string, number>() };
    units.set(r.unit, unit);
    for (const s of r.sides)
      if (s.team !== 3) unit.net.set(s.guid, (unit.net.get(s.guid) ?? 0) + groupOf(r, s.team));
  }
  return [...units.values()];
}

/**
 * Orients each unit (+1: its first attackers are team A) by coordinate ascent on agreement: every
 * player pulls a map towards the team they are on over the other maps. Detection runs on the evidence
 * alone; a moderator's corrections then count as fixed votes (one per corrected player, like anyone
 * else) and break the ties the evidence leaves, so correcting one player moves that player only.
 */
function orient(units: readonly Unit[], overrides: ReadonlyMap<string, TeamLabel>) {
  const score = new Map<string, number>();
  const add = (unit: Unit, o: number) => {
    for (const [guid, net] of unit.net) score.set(guid, (score.get(guid) ?? 0) + o * net);
  };
  const votes = (unit: Unit, own: number, fixed: ReadonlyMap<string, TeamLabel>) => {
    let free = 0;
    let moderated = 0;
    for (const [guid, net] of unit.net) {
      const team = fixed.get(guid);
      if (team) moderated += (team === 'A' ? 1 : -1) * net;
      else free += sign((score.get(guid) ?? 0) - own * net) * net;
    }
    return { free, moderated };
  };
  const orientation = units.map(() => 1);
  for (const [i, unit] of units.entries()) {
    orientation[i] = votes(unit, 0, new Map()).free < 0 ? -1 : 1;
    add(unit, orientation[i] as number);
  }
  const refine = (fixed: ReadonlyMap<string, TeamLabel>) => {
    for (let pass = 0, changed = true; changed && pass < MAX_PASSES; pass++) {
      changed = false;
      for (const [i, unit] of units.entries()) {
        const own = orientation[i] as number;
        const v = votes(unit, own, fixed);
        const total = v.free + v.moderated;
        const next = total !== 0 ? sign(total) : v.moderated !== 0 ? sign(v.moderated) : own;
        if (next !== own) {
          add(unit, next - own);
          orientation[i] = next;
          changed = true;
        }
      }
    }
  };
  refine(new Map());
  // Labels follow the first map: its first attackers are A.
  if (orientation[0] === -1) {
    for (const [i, unit] of units.entries()) {
      add(unit, -2 * (orientation[i] as number));
      orientation[i] = -(orientation[i] as number);
    }
  }
  if (overrides.size > 0) refine(overrides);
  return { orientation, score };
}

function roles(
  players: Map<string, { team: TeamLabel; firstRound: number; lastRound: number }>,
  firstMapRounds: number,
) {
  const result = new Map<string, { role: TeamRole; replaces: string | null }>();
  const taken = new Set<string>();
  const joiners = [...players]
    .filter(([, p]) => p.firstRound >= firstMapRounds)
    .sort((a, b) => a[1].firstRound - b[1].firstRound || (a[0] < b[0] ? -1 : 1));
  for (const [guid] of players) result.set(guid, { role: 'starter', replaces: null });
  for (const [guid, p] of joiners) {
    // The teammate who left most recently before this player came and was not yet replaced.
    const left = [...players]
      .filter(
        ([other, q]) =>
          other !== guid && q.team === p.team && q.lastRound < p.firstRound && !taken.has(other),
      )
      .sort((a, b) => b[1].lastRound - a[1].lastRound || (a[0] < b[0] ? -1 : 1))[0];
    if (left) taken.add(left[0]);
    result.set(guid, { role: left ? 'substitute' : 'joined', replaces: left?.[0] ?? null });
  }
  return result;
}

/**
 * Detects the two teams of one session's rounds (given in play order, humans only). `overrides` are
 * moderators' corrections, `voice` what the team voice channels said (already in the session's labels,
 * see stats/voice-teams.ts): those players are on the team named, and they vote on their maps' sides.
 *
 * @example
 * detectTeams([{ unit: 7, round: 1, defender: 1, sides: [{ guid: 'A1B2C3D4', team: 2 }, …] }, …])
 * // → { players: [{ guid: 'A1B2C3D4', team: 'A', confidence: 1, role: 'starter', … }], units: [{ unit: 7, firstAttackers: 'A', … }] }
 */
export function detectTeams(
  rounds: readonly TeamRound[],
  overrides: ReadonlyMap<string, TeamLabel> = new Map(),
  voice: ReadonlyMap<string, VoiceTeam> = new Map(),
): SessionTeams {
  const units = unitsOf(rounds);
  // Voice and corrections are both fixed votes; where both speak of a player, the moderator wins.
  const fixed = new Map<string, TeamLabel>([
    ...[...voice].map(([guid, v]): [string, TeamLabel] => [guid, v.team]),
    ...overrides,
  ]);
  const { orientation, score } = orient(units, fixed);
  const unitIndex = new Map(units.map((u, i) => [u.key, i]));
  const seen = new Map<
    string,
    {
      team: TeamLabel;
      firstRound: number;
      lastRound: number;
      rounds: number;
      agreeing: number;
      firstGroup: number;
    }
  >();
  const sided = rounds.map((r, index) => {
    const o = orientation[unitIndex.get(r.unit) as number] as number;
    return {
      index,
      u: unitIndex.get(r.unit) as number,
      sides: r.sides.flatMap((s) =>
        s.team === 3 ? [] : [{ guid: s.guid, group: groupOf(r, s.team) * o }],
      ),
    };
  });
  for (const { index, sides } of sided) {
    for (const { guid, group } of sides) {
      const p = seen.get(guid);
      if (p) p.lastRound = index;
      else
        seen.set(guid, {
          team: 'A',
          firstRound: index,
          lastRound: index,
          rounds: 0,
          agreeing: 0,
          firstGroup: group,
        });
    }
  }
  for (const [guid, p] of seen) {
    const s = score.get(guid) ?? 0;
    // Evenly split evidence (half the rounds agree either way): the side the player started on decides.
    p.team = fixed.get(guid) ?? (s > 0 ? 'A' : s < 0 ? 'B' : p.firstGroup === 1 ? 'A' : 'B');
  }
  const unitAgreement = units.map(() => ({ agree: 0, total: 0 }));
  for (const { u, sides } of sided) {
    const tally = unitAgreement[u] as { agree: number; total: number };
    for (const { guid, group } of sides) {
      const p = seen.get(guid) as { team: TeamLabel; rounds: number; agreeing: number };
      const agrees = (group === 1) === (p.team === 'A');
      p.rounds++;
      tally.total++;
      if (agrees) {
        p.agreeing++;
        tally.agree++;
      }
    }
  }
  const firstUnit = rounds[0]?.unit;
  const firstMapRounds = rounds.findIndex((r) => r.unit !== firstUnit);
  const roleOf = roles(seen, firstMapRounds < 0 ? rounds.length : firstMapRounds);
  const players = [...seen]
    .map(([guid, p]): TeamAssignment => {
      const moderator = overrides.has(guid);
      const heard = moderator ? undefined : voice.get(guid);
      const role = roleOf.get(guid) ?? { role: 'starter' as const, replaces: null };
      return {
        guid,
        team: p.team,
        rounds: p.rounds,
        agreeingRounds: p.agreeing,
        confidence: moderator ? 1 : heard ? heard.confidence : round3(p.agreeing / p.rounds),
        source: moderator ? 'moderator' : heard ? 'voice' : 'detected',
        ...role,
        firstRound: p.firstRound,
        lastRound: p.lastRound,
      };
    })
    .sort((a, b) => (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0));
  return {
    players,
    units: units.map((u, i) => {
      const tally = unitAgreement[i] as { agree: number; total: number };
      return {
        unit: u.key,
        firstAttackers: orientation[i] === 1 ? 'A' : 'B',
        confidence: tally.total === 0 ? 0 : round3(tally.agree / tally.total),
      };
    }),
  };
}

export interface MapPoints {
  readonly A: number;
  readonly B: number;
}

/** A map's stopwatch points (first attackers vs first defenders, 2–0 or 1–1) given to the two teams. */
export function scoreMap(
  firstAttackers: TeamLabel,
  points: { readonly first_attackers: number; readonly first_defenders: number },
): MapPoints {
  return firstAttackers === 'A'
    ? { A: points.first_attackers, B: points.first_defenders }
    : { A: points.first_defenders, B: points.first_attackers };
}

export interface SessionScore {
  /** Maps a team won 2–0. */
  readonly mapsWon: MapPoints;
  /** Maps that ended 1–1. */
  readonly mapsDrawn: number;
  readonly points: MapPoints;
  /**
   * The team that won more maps. Maps won decide alone: a 1–1 gives both teams a point, so points
   * never break a tie that maps won leave. Equal maps won (also no complete map) is a drawn session: null.
   */
  readonly winner: TeamLabel | null;
}

/** The session's result from its complete maps' points. */
export function scoreSession(maps: readonly MapPoints[]): SessionScore {
  const mapsWon = { A: 0, B: 0 };
  const points = { A: 0, B: 0 };
  let mapsDrawn = 0;
  for (const m of maps) {
    points.A += m.A;
    points.B += m.B;
    if (m.A > m.B) mapsWon.A++;
    else if (m.B > m.A) mapsWon.B++;
    else mapsDrawn++;
  }
  return {
    mapsWon,
    mapsDrawn,
    points,
    winner: mapsWon.A > mapsWon.B ? 'A' : mapsWon.B > mapsWon.A ? 'B' : null,
  };
}
