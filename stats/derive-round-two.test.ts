import { describe, expect, it } from 'vitest';
import {
  corpusFiles,
  loadTruth,
  TRUTH_INTEGER_KEYS,
  TRUTH_MINUTE_KEYS,
  type TruthPlayer,
} from '../test/support/corpus.ts';
import { deriveRoundTwo, roundOneAlone } from './derive-round-two.ts';
import { WEAPON_NAMES } from './fields.ts';
import type { PlayerRound } from './figures.ts';
import { attackersWon, mapScore, roundDuration } from './outcome.ts';
import { pairRounds } from './pair-rounds.ts';
import { readStatsFile } from './read.ts';
import type { ParsedRound } from './round.ts';

const truth = loadTruth();
const parsed = new Map<string, ParsedRound>();
for (const file of corpusFiles()) {
  const result = readStatsFile(file.name, file.bytes);
  if (result.ok) parsed.set(file.name, result.round);
}

const byMap = new Map<string, ParsedRound[]>();
for (const round of parsed.values())
  byMap.set(round.file.map, [...(byMap.get(round.file.map) ?? []), round]);
const pairs = new Map<string, string>();
for (const rounds of byMap.values()) {
  const found = pairRounds(
    rounds.map((r) => ({
      id: r.file.fileName,
      round: r.file.round,
      endedAt: Date.parse(`${r.file.localTime}Z`),
      timeLimitS: r.header.timeLimitS,
      nextTimeLimitS: r.header.nextTimeLimitS,
      tieBreak: r.file.fileName,
    })),
  );
  for (const [r2, r1] of found) pairs.set(r2, r1);
}
const r1ToR2 = new Map([...pairs].map(([r2, r1]) => [r1, r2]));

function perRound(file: string): PlayerRound[] | null {
  const round = parsed.get(file) as ParsedRound;
  if (round.file.round === 1) {
    const r2 = r1ToR2.get(file);
    return r2 ? deriveRoundTwo(round, parsed.get(r2) as ParsedRound).round1 : roundOneAlone(round);
  }
  const r1 = pairs.get(file);
  return r1 ? deriveRoundTwo(parsed.get(r1) as ParsedRound, round).round2 : null;
}

function expectMatchesTruth(
  actual: PlayerRound,
  expected: TruthPlayer,
  where: string,
  r1WithoutR2 = false,
) {
  for (const key of TRUTH_INTEGER_KEYS)
    expect(actual.totals[key], `${where} ${key}`).toBe(expected[key]);
  for (const key of TRUTH_MINUTE_KEYS)
    expect(Math.abs(actual.totals[key] - expected[key]), `${where} ${key}`).toBeLessThanOrEqual(
      0.1 + 1e-9,
    );
  expect(actual.nameRaw, `${where} name`).toBe(expected.name);
  expect(actual.team, `${where} team`).toBe(expected.team);
  expect(actual.bot, `${where} bot`).toBe(expected.bot);
  expect(actual.joinedInR2, `${where} joined_in_r2`).toBe(expected.joined_in_r2 ?? false);
  expect(actual.reconnected, `${where} reconnected`).toBe(expected.reconnected ?? false);
  // An R1 without its R2 cannot tell who left early (null); truth.json, older than that rule, says false.
  if (r1WithoutR2) expect(actual.leftEarly, `${where} left_early`).toBeNull();
  else expect(actual.leftEarly, `${where} left_early`).toBe(expected.left_early ?? false);
  const weapons = Object.fromEntries(
    actual.weapons.map(({ weapon, ...w }) => [WEAPON_NAMES[weapon], w]),
  );
  expect(weapons, `${where} weapons`).toEqual(expected.weapons);
}

describe('round-2 derivation over the sample corpus', () => {
  it('pairs every R2 with the R1 truth.json names, and leaves orphans unpaired', () => {
    for (const round of truth.rounds.filter((r) => r.round === 2)) {
      const r1 = pairs.get(round.file);
      expect(r1 ? r1.replace('-round-1.txt', '') : null, round.file).toBe(round.match);
      expect(pairs.has(round.file), round.file).toBe(!round.orphan);
    }
  });

  it('gives every player the figures of that round alone, exactly as truth.json says', () => {
    let compared = 0;
    for (const round of truth.rounds) {
      const players = perRound(round.file);
      if (round.players === null) {
        expect(players, `${round.file} is an orphan`).toBeNull();
        continue;
      }
      const actual = new Map((players ?? []).map((p) => [p.guid, p]));
      expect([...actual.keys()].sort(), round.file).toEqual(Object.keys(round.players).sort());
      for (const [guid, expected] of Object.entries(round.players)) {
        const alone = round.round === 1 && !r1ToR2.has(round.file);
        expectMatchesTruth(
          actual.get(guid) as PlayerRound,
          expected,
          `${round.file} ${guid}`,
          alone,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1500);
  });

  it('scores each complete map as truth.json does', () => {
    for (const round of truth.rounds.filter((r) => r.map_score)) {
      const r2 = parsed.get(round.file) as ParsedRound;
      const r1 = parsed.get(pairs.get(round.file) as string) as ParsedRound;
      const won = (r: ParsedRound) => attackersWon(r.header, roundDuration(r.header, 0).seconds);
      expect(mapScore(won(r1), won(r2)), round.file).toEqual(round.map_score);
    }
  });
});
