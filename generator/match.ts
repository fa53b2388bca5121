import { EXTENDED_FIELDS, WEAPON_COUNT } from '../stats/fields.ts';
import type { TruthRound } from './truth.ts';
import { EXT, keepFirstFields, playRound, type RoundFigures } from './figures.ts';
import { encodesAsLatin1, nextName, type Person } from './people.ts';
import type { Random } from './random.ts';
import { type ClockPlan, planClock } from './clock.ts';
import type { MatchInput } from './match-input.ts';
import { truthPlayer } from './truth-player.ts';
import { fillModFields, type LineToWrite, writeRoundFile } from './write.ts';

export interface PlayedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly truth: TruthRound;
  /** Wall clock of the round's start and of the file (its end). */
  readonly startMs: number;
  readonly endMs: number;
  /** Who the file names, in line order, with the names written. */
  readonly lines: readonly { guid: string; name: string; bot: boolean }[];
}

export interface MatchResult {
  readonly files: PlayedFile[];
  /** R1 field 8 (the R2 time limit), emitted or not. */
  readonly r1NextS: number;
  readonly endMs: number;
}

interface Entry {
  readonly person: Person;
  /** Group A attacks in R1 and defends in R2. */
  readonly groupA: boolean;
  readonly inR1: boolean;
  readonly inR2: boolean;
  readonly reconnect: boolean;
  readonly partialR1: boolean;
  name1: string;
  name2: string;
  r1: RoundFigures | null;
  r2: RoundFigures | null;
  team1: 1 | 2 | 3;
  team2: 1 | 2 | 3;
}

const CUMULATIVE = EXTENDED_FIELDS.flatMap((f, i) => (f.kind === 'cumulative' ? [i] : []));

function stamp(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 10)}-${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}`;
}

function entriesOf(input: MatchInput, random: Random): Entry[] {
  const r = input.rates;
  const people = random.shuffle([...input.players]);
  const entries = people.map((person, i): Entry => {
    const human = !person.bot;
    const late = human && random.chance(r.lateJoin);
    const leaves = human && !late && random.chance(r.leaveEarly);
    const partialR1 = human && !late && random.chance(r.partialRoundOne);
    return {
      person,
      groupA: i % 2 === 0,
      inR1: !late,
      inR2: !leaves,
      reconnect: human && !late && !leaves && !partialR1 && random.chance(r.reconnect),
      partialR1,
      name1: person.name,
      name2: person.name,
      r1: null,
      r2: null,
      team1: 1,
      team2: 1,
    };
  });
  // Each file needs a player line: keep at least one player in each round.
  if (!entries.some((e) => e.inR1)) entries[0] = { ...(entries[0] as Entry), inR1: true };
  if (!entries.some((e) => e.inR2))
    entries[0] = { ...(entries[0] as Entry), inR2: true, reconnect: false };
  return entries;
}

/** Continuing players' R2 lines add round 2 to round 1 for the cumulative fields only. */
function r2Written(e: Entry): { weapons: Int32Array; extended: Int32Array; deadTotal: number } {
  const r2 = e.r2 as RoundFigures;
  if (!e.r1 || e.reconnect) {
    // Written as played: only the mod-derived fields are filled in, and truth never reads those.
    return {
      weapons: r2.weapons,
      extended: r2.extended,
      deadTotal: r2.extended[EXT.time_dead_min] as number,
    };
  }
  const weapons = new Int32Array(WEAPON_COUNT * 5);
  for (let i = 0; i < weapons.length; i++)
    weapons[i] = (e.r1.weapons[i] as number) + (r2.weapons[i] as number);
  const extended = r2.extended.slice();
  for (const i of CUMULATIVE)
    extended[i] = (e.r1.extended[i] as number) + (r2.extended[i] as number);
  return {
    weapons,
    extended,
    deadTotal:
      (e.r1.extended[EXT.time_dead_min] as number) + (r2.extended[EXT.time_dead_min] as number),
  };
}

function line(
  e: Entry,
  round: 1 | 2,
  written: { weapons: Int32Array; extended: Int32Array; deadTotal: number },
  playedForDpm: number,
): LineToWrite {
  fillModFields(written.extended, written.weapons, written.deadTotal, playedForDpm);
  const name = round === 1 ? e.name1 : e.name2;
  return {
    guid: e.person.guid,
    name,
    rounds: round === 1 || e.reconnect ? 0 : 1,
    team: round === 1 ? e.team1 : e.team2,
    weapons: written.weapons,
    extended: written.extended,
    latin1: encodesAsLatin1(e.person, name),
  };
}

const BLANKS = ['', ' ', '  ', '\t', ' \t '];

/** Plays one map in stopwatch and writes its files (none, one or two, as `kind` says). */
export function playMatch(input: MatchInput, random: Random): MatchResult {
  const { map, profile, rates } = input;
  const entries = entriesOf(input, random);
  const plan: ClockPlan = planClock(input, random);
  const attackers = (3 - map.defender) as 1 | 2;
  const perform = (
    e: Entry,
    round: 1 | 2,
    playedS: number,
    attacking: boolean,
    side: 1 | 2,
  ): RoundFigures => {
    const cls = e.person.classes[round === 1 ? 0 : e.person.classes.length - 1] ?? 0;
    const figures = playRound({ skill: e.person.skill, cls, side, attacking, playedS }, random);
    if (profile.extendedCount < EXTENDED_FIELDS.length)
      keepFirstFields(figures, profile.extendedCount);
    return figures;
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
      const spectator = random.chance(rates.spectator);
      if (spectator) played = Math.max(6, Math.round(played * random.real(0.3, 0.9)));
      e.team2 = spectator ? 3 : side;
      if (!e.person.bot && random.chance(rates.renameBetweenRounds)) {
        e.person.name = nextName(e.person, random, {
          odd: rates.oddName,
          accented: rates.accentedName,
        });
      }
      e.name2 = e.person.name;
      e.r2 = perform(e, 2, played, !e.groupA, side);
    }
  }
  const files: PlayedFile[] = [];
  const stem = `${stamp(plan.r1.endMs)}-${map.name}`;
  const style = () => ({
    crlf: random.chance(rates.crlf),
    trailingBlanks: random.chance(rates.trailingBlanks),
    finalNewline: !random.chance(rates.noFinalNewline),
    extendedCount: profile.extendedCount,
  });
  const r1Entries = entries.filter((e) => e.inR1);
  const r2Entries = entries.filter((e) => e.inR2);
  const complete = input.kind === 'full';
  if (input.kind !== 'orphan') {
    const lines = r1Entries.map((e) => {
      const r1 = e.r1 as RoundFigures;
      const written = {
        weapons: r1.weapons,
        extended: r1.extended,
        deadTotal: r1.extended[EXT.time_dead_min] as number,
      };
      return line(e, 1, written, r1.extended[EXT.time_played_min] as number);
    });
    const name = `${stem}-round-1.txt`;
    files.push({
      name,
      bytes: writeRoundFile(plan.r1.header, lines, style(), () => random.pick(BLANKS)),
      startMs: plan.r1.startMs,
      endMs: plan.r1.endMs,
      lines: r1Entries.map((e) => ({ guid: e.person.guid, name: e.name1, bot: e.person.bot })),
      truth: {
        ...plan.r1.truth,
        file: name,
        match: stem,
        players: Object.fromEntries(
          r1Entries.map((e) => [
            e.person.guid,
            truthPlayer(e.r1 as RoundFigures, e.name1, e.team1, e.person.bot, {
              left_early: complete && !e.inR2,
            }),
          ]),
        ),
      },
    });
  }
  if (input.kind !== 'r1-only') {
    const lines = r2Entries.map((e) =>
      line(e, 2, r2Written(e), (e.r2 as RoundFigures).extended[EXT.time_played_min] as number),
    );
    const name = `${stamp(plan.r2.endMs)}-${map.name}-round-2.txt`;
    const orphan = input.kind === 'orphan';
    files.push({
      name,
      bytes: writeRoundFile(plan.r2.header, lines, style(), () => random.pick(BLANKS)),
      startMs: plan.r2.startMs,
      endMs: plan.r2.endMs,
      lines: r2Entries.map((e) => ({ guid: e.person.guid, name: e.name2, bot: e.person.bot })),
      truth: {
        ...plan.r2.truth,
        file: name,
        match: orphan ? null : stem,
        orphan,
        cumulative_as_written: orphan,
        ...(orphan ? {} : { map_score: plan.mapScore }),
        players: orphan
          ? null
          : Object.fromEntries(
              r2Entries.map((e) => [
                e.person.guid,
                truthPlayer(e.r2 as RoundFigures, e.name2, e.team2, e.person.bot, {
                  joined_in_r2: !e.inR1,
                  reconnected: e.reconnect,
                }),
              ]),
            ),
      },
    });
  }
  return {
    files,
    r1NextS: plan.r1.nextS,
    endMs: input.kind === 'r1-only' ? plan.r1.endMs : plan.r2.endMs,
  };
}
