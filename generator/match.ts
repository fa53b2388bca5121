import type { TruthPlayer, TruthRound } from './truth.ts';
import { EXT, playRound, type RoundFigures } from './figures.ts';
import type { Layout } from './layout.ts';
import {
  asPlayed,
  cumulativeR2,
  finishLine,
  KNIFE_SHOTS,
  knifeTakeback,
  nothing,
  roundTwoTimeAlive,
  shotsOf,
  type Written,
} from './lines.ts';
import { encodesAsLatin1, nextName, type Person } from './people.ts';
import type { Random } from './random.ts';
import { type AttackChance, type ClockPlan, planClock, settle } from './clock.ts';
import { attackChance, lineupStrength, mapBiasOf } from './latent.ts';
import type { MatchInput } from './match-input.ts';
import { type TruthFile, truthPlayer } from './truth-player.ts';
import { fileStamp, type LineToWrite, writeRoundFile } from './write.ts';

/** A player line as written: who, and the weapon counters the file holds (cumulative in an R2). */
export interface WrittenLine {
  readonly guid: string;
  readonly name: string;
  readonly bot: boolean;
  readonly rounds: number;
  readonly team: 1 | 2 | 3;
  readonly weapons: Int32Array;
}

export interface PlayedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly truth: TruthRound;
  /** Wall clock of the round's start and of the file (its end). */
  readonly startMs: number;
  readonly endMs: number;
  readonly layout: Layout;
  /** The player lines, in file order. */
  readonly lines: readonly WrittenLine[];
}

export interface MatchResult {
  readonly files: PlayedFile[];
  /** R1 field 8 (the R2 time limit), emitted or not. */
  readonly r1NextS: number;
  readonly endMs: number;
  /** An orphan's lost R1: its name and true figures (a companion file can outlive it). */
  readonly lost: { readonly name: string; readonly players: Record<string, TruthPlayer> } | null;
}

interface Entry {
  readonly person: Person;
  /** Group A attacks in R1 and defends in R2. */
  readonly groupA: boolean;
  readonly inR1: boolean;
  inR2: boolean;
  /** Counters reset between the rounds: the R2 line holds round 2 alone. */
  reconnect: boolean;
  /** In the R2 file with R1's counters, having done nothing in round 2 (spectator from its start). */
  idleR2: boolean;
  readonly partialR1: boolean;
  name1: string;
  name2: string;
  r1: RoundFigures | null;
  r2: RoundFigures | null;
  team1: 1 | 2 | 3;
  team2: 1 | 2 | 3;
  played1S: number;
  /** Knife shots the engine took back in round 2 (the knife hit corpses). */
  takeback: number;
}

function entriesOf(input: MatchInput, random: Random): Entry[] {
  const r = input.rates;
  // A server that resets every figure before R2 has no reconnects to tell apart.
  const cumulative = !input.profile.roundTwoOnly;
  const people = random.shuffle([...input.players]);
  const entries = people.map((person, i): Entry => {
    const human = !person.bot;
    const late = human && random.chance(r.lateJoin);
    const leaves = human && !late && random.chance(r.leaveEarly);
    const partialR1 = human && !late && random.chance(r.partialRoundOne);
    const continuing = human && !late && !leaves;
    const reconnect = continuing && !partialR1 && cumulative && random.chance(r.reconnect);
    return {
      person,
      groupA: i % 2 === 0,
      inR1: !late,
      inR2: !leaves,
      reconnect,
      idleR2: continuing && !reconnect && cumulative && random.chance(r.idleRoundTwo),
      partialR1,
      name1: person.name,
      name2: person.name,
      r1: null,
      r2: null,
      team1: 1,
      team2: 1,
      played1S: 0,
      takeback: 0,
    };
  });
  // Each file needs a player line: keep at least one player in each round.
  if (!entries.some((e) => e.inR1)) entries[0] = { ...(entries[0] as Entry), inR1: true };
  if (!entries.some((e) => e.inR2)) {
    const first = entries[0] as Entry;
    Object.assign(first, { inR2: true, reconnect: false, idleR2: false });
  }
  // Reconnected and idle players look reset; more than half of those in both files would make the R2
  // read as a round-2-only file (STATS_FORMAT.md), which a cumulative server's R2 is not.
  const both = entries.filter((e) => e.inR1 && e.inR2);
  let looksReset = both.filter((e) => e.reconnect || e.idleR2).length;
  for (const e of both) {
    if (looksReset * 2 <= both.length) break;
    if (!e.reconnect && !e.idleR2) continue;
    e.reconnect = false;
    e.idleR2 = false;
    looksReset--;
  }
  return entries;
}

const BLANKS = ['', ' ', '  ', '\t', ' \t '];

/**
 * With latent strengths on: each round's attackers and defenders as lineups, a player who joins late,
 * leaves or plays part of R1 counted for about half of it (their real time is drawn after the outcome).
 */
function latentChance(input: MatchInput, entries: readonly Entry[]): AttackChance | undefined {
  const latent = input.latent;
  if (!latent) return undefined;
  const lineup = (round: 1 | 2, groupA: boolean) =>
    lineupStrength(
      entries
        .filter((e) => e.groupA === groupA && (round === 1 ? e.inR1 : e.inR2))
        .map((e) => ({
          strength: latent.strengths.get(e.person.guid) ?? 0,
          share: (round === 1 ? e.partialR1 || !e.inR2 : !e.inR1) ? 0.5 : 1,
        })),
    );
  const bias = mapBiasOf(input.map.name, latent.mapBias);
  return (round, limitS) =>
    attackChance({
      base: input.rates.attackersWin,
      sharpness: latent.sharpness,
      // Group A attacks in R1 and defends in R2.
      attackers: lineup(round, round === 1),
      defenders: lineup(round, round !== 1),
      bias,
      timeShare: limitS / input.map.limitS,
    });
}

/** Plays one map in stopwatch and writes its files (none, one or two, as `kind` says). */
export function playMatch(input: MatchInput, random: Random): MatchResult {
  const { map, profile, rates } = input;
  const entries = entriesOf(input, random);
  const plan: ClockPlan = planClock(input, random, latentChance(input, entries));
  const attackers = (3 - map.defender) as 1 | 2;
  const perform = (
    e: Entry,
    round: 1 | 2,
    playedS: number,
    attacking: boolean,
    side: 1 | 2,
  ): RoundFigures => {
    const cls = e.person.classes[round === 1 ? 0 : e.person.classes.length - 1] ?? 0;
    return playRound({ skill: e.person.skill, cls, side, attacking, playedS }, random);
  };
  for (const e of entries) {
    if (!e.inR1) continue;
    const side = e.groupA ? attackers : map.defender;
    const d = plan.r1.durationS;
    const leftDuring = !e.inR2 && random.chance(0.5);
    // A reconnecting player plays all of R1, so that the reset shows in R2 (see below).
    const spectator = !e.reconnect && random.chance(rates.spectator);
    const played =
      e.partialR1 || leftDuring || spectator ? random.int(Math.round(d * 0.2), d - 10) : d;
    e.team1 = spectator ? 3 : side;
    e.played1S = played;
    e.r1 = perform(e, 1, played, e.groupA, side);
  }
  if (input.kind !== 'r1-only') {
    for (const e of entries) {
      if (!e.inR2) continue;
      const side = e.groupA ? map.defender : attackers;
      const d = plan.r2.durationS;
      let played = d;
      if (!e.inR1) played = random.int(Math.max(10, Math.round(d * 0.15)), d - 5);
      // A reconnect costs time, so the reset shows: round 2's time played is below round 1's.
      else if (e.reconnect)
        played = Math.max(6, Math.min(d, plan.r1.durationS) - random.int(15, 60));
      const spectator = e.idleR2 || random.chance(rates.spectator);
      if (spectator) played = Math.max(6, Math.round(played * random.real(0.3, 0.9)));
      // A round-2-only file is told by its players' time not growing: keep them within R1's time.
      if (profile.roundTwoOnly && e.inR1) played = Math.min(played, e.played1S);
      e.team2 = spectator ? 3 : side;
      if (!e.person.bot && random.chance(rates.renameBetweenRounds)) {
        e.person.name = nextName(e.person, random, {
          odd: rates.oddName,
          accented: rates.accentedName,
        });
      }
      e.name2 = e.person.name;
      e.r2 = e.idleR2 ? nothing() : perform(e, 2, played, !e.groupA, side);
      const knife = e.r1 ? (e.r1.weapons[KNIFE_SHOTS] as number) : 0;
      if (e.r1 && !e.reconnect && !e.idleR2 && !profile.roundTwoOnly && knife > 0)
        if (random.chance(rates.knifeFall)) e.takeback = knifeTakeback(e.r1, e.r2, random);
    }
  }

  const file: TruthFile = { layout: profile.layout, bulletsKnown: profile.bulletsValid };
  const roundsBefore = random.chance(rates.roundsCounterOne) ? 1 : 0;
  const toWrite = (e: Entry, round: 1 | 2, w: Written, rounds: number, carried: number) => {
    finishLine(w, (round === 1 ? e.r1 : e.r2) as RoundFigures, carried, profile, random);
    const name = round === 1 ? e.name1 : e.name2;
    return {
      guid: e.person.guid,
      name,
      rounds,
      team: round === 1 ? e.team1 : e.team2,
      weapons: w.weapons,
      extended: w.extended,
      latin1: encodesAsLatin1(e.person, name),
    } satisfies LineToWrite;
  };

  const r1Entries = entries.filter((e) => e.inR1);
  const r2Entries = input.kind === 'r1-only' ? [] : entries.filter((e) => e.inR2);
  const w1 = new Map<Entry, Written>();
  const r1Lines = r1Entries.map((e) => {
    const w = asPlayed(e.r1 as RoundFigures);
    w1.set(e, w);
    return toWrite(e, 1, w, roundsBefore, 0);
  });
  const continuing = (e: Entry) => e.inR1 && !e.reconnect && !profile.roundTwoOnly;
  const w2 = new Map<Entry, Written>();
  const r2Lines = r2Entries.map((e) => {
    const r2 = e.r2 as RoundFigures;
    const w = continuing(e) ? cumulativeR2(e.r1 as RoundFigures, r2, e.takeback) : asPlayed(r2);
    w2.set(e, w);
    // Round 2's knife shots are what a reader can tell when they fell: R2 − R1, never below 0.
    if (e.takeback > 0) {
      const before = (e.r1 as RoundFigures).weapons[KNIFE_SHOTS] as number;
      r2.weapons[KNIFE_SHOTS] = Math.max(0, (w.weapons[KNIFE_SHOTS] as number) - before);
    }
    const rounds = !e.inR1 ? 1 : e.reconnect ? roundsBefore : roundsBefore + 1;
    const carried = continuing(e) ? shotsOf((e.r1 as RoundFigures).weapons) : 0;
    return toWrite(e, 2, w, rounds, carried);
  });

  const complete = input.kind === 'full';
  const r1Truth = Object.fromEntries(
    r1Entries.map((e) => [
      e.person.guid,
      truthPlayer(
        e.r1 as RoundFigures,
        { name: e.name1, team: e.team1, bot: e.person.bot },
        file,
        (w1.get(e) as Written).extended[EXT.time_alive_pct] as number,
        { left_early: complete ? !e.inR2 : null },
      ),
    ]),
  );
  const r2Truth = Object.fromEntries(
    r2Entries.map((e) => {
      const w = w2.get(e) as Written;
      const alive = continuing(e)
        ? roundTwoTimeAlive(w1.get(e) as Written, w)
        : (w.extended[EXT.time_alive_pct] as number);
      return [
        e.person.guid,
        truthPlayer(
          e.r2 as RoundFigures,
          { name: e.name2, team: e.team2, bot: e.person.bot },
          file,
          alive,
          { joined_in_r2: !e.inR1, reconnected: e.reconnect },
        ),
      ];
    }),
  );

  const files: PlayedFile[] = [];
  const stem = `${fileStamp(plan.r1.endMs)}-${map.name}`;
  const style = () => ({
    crlf: random.chance(rates.crlf),
    trailingBlanks: random.chance(rates.trailingBlanks),
    layout: profile.layout,
  });
  const written = (lines: readonly LineToWrite[], bots: readonly Entry[]) =>
    lines.map((l, i) => ({ ...l, bot: (bots[i] as Entry).person.bot }));
  /** P: the longest round-only time played, in seconds (tenths of a minute × 6). */
  const longest = (players: readonly TruthPlayer[]) =>
    players.length === 0
      ? null
      : Math.max(...players.map((p) => Math.round(p.time_played_min * 60)));
  const known = { ext_fields: [profile.layout], bullets_known: profile.bulletsValid, empty: false };
  if (input.kind !== 'orphan') {
    const { header, duration } = settle(plan.r1, longest(Object.values(r1Truth)));
    const name = `${stem}-round-1.txt`;
    files.push({
      name,
      bytes: writeRoundFile(header, r1Lines, style(), () => random.pick(BLANKS)),
      startMs: plan.r1.startMs,
      endMs: plan.r1.endMs,
      layout: profile.layout,
      lines: written(r1Lines, r1Entries),
      truth: {
        ...plan.r1.truth,
        winner: header.winner,
        duration_s: duration.seconds,
        duration_source: duration.source,
        ...known,
        file: name,
        match: stem,
        players: r1Truth,
      },
    });
  }
  if (input.kind !== 'r1-only') {
    const orphan = input.kind === 'orphan';
    // An orphan's round-2 figures cannot be told, so neither can its players' time.
    const p = orphan ? null : longest(Object.values(r2Truth));
    const { header, duration } = settle(plan.r2, p);
    const name = `${fileStamp(plan.r2.endMs)}-${map.name}-round-2.txt`;
    const both = r2Entries.some((e) => e.inR1);
    files.push({
      name,
      bytes: writeRoundFile(header, r2Lines, style(), () => random.pick(BLANKS)),
      startMs: plan.r2.startMs,
      endMs: plan.r2.endMs,
      layout: profile.layout,
      lines: written(r2Lines, r2Entries),
      truth: {
        ...plan.r2.truth,
        winner: header.winner,
        duration_s: duration.seconds,
        duration_source: duration.source,
        ...known,
        file: name,
        match: orphan ? null : stem,
        orphan,
        cumulative_as_written: orphan,
        r2_per_round: orphan ? null : profile.roundTwoOnly && both,
        ...(orphan ? {} : { map_score: plan.mapScore }),
        players: orphan ? null : r2Truth,
      },
    });
  }
  return {
    files,
    r1NextS: plan.r1.nextS,
    endMs: input.kind === 'r1-only' ? plan.r1.endMs : plan.r2.endMs,
    lost: input.kind === 'orphan' ? { name: `${stem}-round-1.txt`, players: r1Truth } : null,
  };
}
