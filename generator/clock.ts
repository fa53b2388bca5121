import { attackersWon, mapScore, type RoundDuration, roundDuration } from '../stats/outcome.ts';
import type { RoundHeader } from '../stats/round.ts';
import type { TruthMapScore, TruthRound } from './truth.ts';
import type { MatchInput } from './match-input.ts';
import type { Random } from './random.ts';
import { clock, type HeaderToWrite } from './write.ts';

/** One round's timing and header, with the truth entry's header part. */
export interface RoundPlan {
  /** How long the round really took (the wall clock less pauses). */
  readonly durationS: number;
  /** Field 8 as the round sets it (R1: the R2 limit). */
  readonly nextS: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The header with the true winner; `settle` may write it as 0 (unknown). */
  readonly header: HeaderToWrite;
  /** The attackers completed the objective. */
  readonly won: boolean;
  /** Drawn to have field 6 written as 0, which `settle` does only where the clock still tells. */
  readonly hideWinner: boolean;
  readonly truth: Pick<TruthRound, 'map' | 'round' | 'defender' | 'timelimit' | 'legacy_header'>;
}

export interface ClockPlan {
  readonly r1: RoundPlan;
  readonly r2: RoundPlan;
  readonly mapScore: TruthMapScore;
}

interface Outcome {
  readonly won: boolean;
  readonly surrender: boolean;
  readonly durationS: number;
}

/** The attackers' chance to complete in a round with this limit (the latent strengths, when on). */
export type AttackChance = (round: 1 | 2, limitS: number) => number;

function outcome(
  limitS: number,
  minimumS: number,
  input: MatchInput,
  random: Random,
  chance: number,
): Outcome {
  const { surrender } = input.rates;
  if (random.chance(chance))
    return {
      won: true,
      surrender: false,
      durationS: random.int(Math.max(minimumS, Math.round(limitS / 4)), limitS - 5),
    };
  if (random.chance(surrender))
    return {
      won: false,
      surrender: true,
      durationS: random.int(Math.max(minimumS, Math.round(limitS / 3)), limitS - 10),
    };
  return { won: false, surrender: false, durationS: limitS };
}

/** R1's outcome; for an orphan, one whose field 8 cannot let an earlier, unpaired R1 claim the R2. */
function roundOne(input: MatchInput, random: Random, chance: number): Outcome {
  const limit = input.map.limitS;
  const forbidden = input.forbiddenNext ?? (() => false);
  for (let attempt = 0; attempt < 20; attempt++) {
    const o = outcome(limit, 60, input, random, chance);
    if (!forbidden(o.won ? o.durationS : limit)) return o;
  }
  for (let d = limit - 5; d > 60; d--)
    if (!forbidden(d)) return { won: true, surrender: false, durationS: d };
  throw new Error(`no round-1 time left for an orphan on ${input.map.name}`);
}

function playtimeText(input: MatchInput, durationS: number, random: Random): string | null {
  if (input.profile.legacy) return null;
  if (random.chance(input.rates.unknownPlaytime)) return random.pick(['0', '-1', '0']);
  if (input.profile.playtimeInSeconds) return String(durationS);
  return String(durationS * 1000 + random.int(0, 999));
}

/**
 * Draws both rounds' outcomes and times (stopwatch: R1's field 8 is the attackers' time, or the
 * limit when they did not complete, and becomes R2's limit) and writes their headers.
 */
export function planClock(input: MatchInput, random: Random, chance?: AttackChance): ClockPlan {
  const { map, profile, rates } = input;
  const attackers = (3 - map.defender) as 1 | 2;
  const chanceOf = chance ?? (() => rates.attackersWin);
  const o1 = roundOne(input, random, chanceOf(1, map.limitS));
  const next1 = o1.won ? o1.durationS : map.limitS;
  const o2 = outcome(next1, 30, input, random, chanceOf(2, next1));
  const start1 = input.startMs;
  const end1 =
    start1 + (o1.durationS + (random.chance(rates.pause) ? random.int(30, 240) : 0) + 3) * 1000;
  const start2 = end1 + random.int(20, 75) * 1000;
  const end2 =
    start2 + (o2.durationS + (random.chance(rates.pause) ? random.int(30, 240) : 0) + 3) * 1000;

  const zero = random.chance(profile.legacy ? rates.r2ZeroTimeLegacy : rates.r2ZeroTime);
  const absurd = !zero && random.chance(rates.absurdNextTime);
  // R2's field 8: the time it took, the limit when the defenders held (a surrender too).
  const next2Text = zero
    ? '0:00'
    : absurd
      ? clock(random.int(60, 99) * 60 + random.int(0, 59))
      : clock(o2.won ? o2.durationS : next1);
  const play1 = playtimeText(input, o1.durationS, random);
  const play2 = playtimeText(input, o2.durationS, random);
  // Field 6 may be 0 only where the clock still tells who won (see settle); never on a surrender.
  const hide1 = !o1.surrender && random.chance(rates.winnerUnknown);
  const hide2 = !o2.surrender && random.chance(rates.winnerUnknown);
  const header = (
    round: 1 | 2,
    w: 1 | 2,
    limitS: number,
    next: string,
    playtime: string | null,
  ): HeaderToWrite => ({
    serverName: profile.serverName,
    map: map.name,
    config: profile.config,
    round,
    defender: map.defender,
    winner: w,
    timeLimit: clock(limitS),
    nextTimeLimit: next,
    playtime,
  });
  const base = (round: 1 | 2, limitS: number) => ({
    map: map.name,
    round,
    defender: map.defender,
    timelimit: clock(limitS),
    legacy_header: profile.legacy,
  });
  const side = (o: Outcome) => (o.won ? attackers : map.defender);
  return {
    r1: {
      durationS: o1.durationS,
      nextS: next1,
      startMs: start1,
      endMs: end1,
      header: header(1, side(o1), map.limitS, clock(next1), play1),
      won: o1.won,
      hideWinner: hide1,
      truth: base(1, map.limitS),
    },
    r2: {
      durationS: o2.durationS,
      nextS: o2.durationS,
      startMs: start2,
      endMs: end2,
      header: header(2, side(o2), next1, next2Text, play2),
      won: o2.won,
      hideWinner: hide2,
      truth: base(2, next1),
    },
    mapScore: mapScore(o1.won, o2.won),
  };
}

const seconds = (text: string) => {
  const [m, sec] = text.split(':');
  return Number(m) * 60 + Number(sec);
};

/** The header as a reader reads it (field 9: above 10000 milliseconds, at or below 0 unknown). */
export function asRead(h: HeaderToWrite): RoundHeader {
  const raw = h.playtime === null ? 0 : Number(h.playtime);
  return {
    serverName: h.serverName,
    map: h.map,
    config: h.config,
    round: h.round,
    defender: h.defender,
    winner: h.winner,
    timeLimitS: seconds(h.timeLimit),
    nextTimeLimitS: seconds(h.nextTimeLimit),
    playtimeS: raw <= 0 ? null : raw > 10_000 ? Math.floor(raw / 1000) : raw,
    legacyHeader: h.playtime === null,
  };
}

/**
 * The header as written and the round's duration as STATS_FORMAT.md orders its sources, given P (the
 * longest round-only time played, seconds; null when the round has no figures). Field 6 is written
 * as 0 where the plan drew it and the clock then still tells the true winner.
 */
export function settle(
  plan: RoundPlan,
  longestPlayerS: number | null,
): { header: HeaderToWrite; duration: RoundDuration } {
  if (plan.hideWinner) {
    const hidden = { ...plan.header, winner: 0 as const };
    const read = asRead(hidden);
    const duration = roundDuration(read, longestPlayerS);
    if (attackersWon(read, duration.seconds) === plan.won) return { header: hidden, duration };
  }
  return {
    header: plan.header,
    duration: roundDuration(asRead(plan.header), longestPlayerS),
  };
}
