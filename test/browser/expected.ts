// What the site's pages must show, from truth.json: the corpus, plus the copies of the markup-name rounds
// (truth.json's rounds again, under new file names: see markup-name-rounds.ts).
import { loadTruth, type TruthRound } from '../support/corpus.ts';
import { MARKUP_SOURCES } from '../support/markup-name-rounds.ts';
import { truthTotals } from '../support/truth-totals.ts';

const truth = loadTruth();
const copied = new Set<string>(MARKUP_SOURCES.map(([source]) => source));

/** The figures `/players/:guid` shows in its totals, by the label of their `<dt>`. */
export const TOTALS_SHOWN = {
  Kills: 'kills',
  Deaths: 'deaths',
  'Damage given': 'damage_given',
  Rounds: 'rounds',
} as const;

/** A player's totals over the corpus and the copies (whose rounds count a second time). */
export function expectedTotals(guid: string): Record<keyof typeof TOTALS_SHOWN, number> {
  const all = truthTotals(guid);
  const again = truthTotals(guid, (round) => copied.has(round.file));
  return Object.fromEntries(
    Object.entries(TOTALS_SHOWN).map(([label, key]) => [
      label,
      (all[key] ?? 0) + (again[key] ?? 0),
    ]),
  ) as Record<keyof typeof TOTALS_SHOWN, number>;
}

/** Every human of truth.json who has a round with figures (a player seen only in an orphan R2 has none). */
export function playersWithRounds(): string[] {
  return Object.entries(truth.players)
    .filter(([guid, player]) => !player.bot && truthTotals(guid).rounds! > 0)
    .map(([guid]) => guid)
    .sort();
}

export interface ExpectedMap {
  map: string;
  /** The two stopwatch points of a complete map, in either order (which side a page lists first is its choice). */
  score: [number, number] | null;
}

export interface ExpectedSession {
  /** Its first round file (the key to its id). */
  firstFile: string;
  maps: ExpectedMap[];
}

/** The map plays of rounds in play order: each R1 (with its R2's score once paired) and each orphan R2. */
function mapsOf(rounds: TruthRound[]): ExpectedMap[] {
  return rounds
    .filter((round) => round.round === 1 || round.orphan)
    .map((round) => {
      const r2 =
        round.round === 1
          ? rounds.find((r) => r.round === 2 && r.match === round.match && r.map_score)
          : undefined;
      const score = r2?.map_score;
      return {
        map: round.map,
        score: score ? [score.first_attackers, score.first_defenders] : null,
      };
    });
}

/** Every session of truth.json, then the session of the markup-name copies. */
export function expectedSessions(): ExpectedSession[] {
  const byFile = new Map(truth.rounds.map((round) => [round.file, round]));
  const roundsOf = (files: readonly string[]) =>
    files.map((file) => {
      const round = byFile.get(file);
      if (!round) throw new Error(`truth.json has no round ${file}`);
      return round;
    });
  const sessions = truth.sessions.map((session) => ({
    firstFile: session.rounds[0] as string,
    maps: mapsOf(roundsOf(session.rounds)),
  }));
  const copies = {
    firstFile: MARKUP_SOURCES[0][1],
    maps: mapsOf(roundsOf(MARKUP_SOURCES.map(([source]) => source))),
  };
  return [...sessions, copies];
}
