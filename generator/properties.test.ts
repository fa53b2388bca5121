import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveFiles, roundDifferences } from '../test/support/derive-files.ts';
import { holdsRoundTwoOnly } from '../stats/derive-round-two.ts';
import { generateCorpus, type HardCaseRates } from './index.ts';
import { createRandom } from './random.ts';

// Over random seeds and mixes of the real servers' quirks, what the stats/ rules conclude from the
// generated files is what the generator says is true.

const rate = (...values: number[]) => fc.constantFrom(...values);
const mix: fc.Arbitrary<Partial<HardCaseRates>> = fc.record({
  shortExtended: rate(0, 0.5, 1),
  garbageBullets: rate(0, 0.5, 1),
  roundTwoOnlyServer: rate(0, 0.5, 1),
  idleRound: rate(0, 1),
  knifeFall: rate(0, 0.5, 1),
  idleRoundTwo: rate(0, 0.05, 0.3),
  reconnect: rate(0, 0.05, 0.3),
  lateJoin: rate(0, 0.1, 0.3),
  leaveEarly: rate(0, 0.1, 0.3),
  spectator: rate(0, 0.1),
  partialRoundOne: rate(0, 0.2),
  orphanR2: rate(0, 0.2),
  r1WithoutR2: rate(0, 0.2),
  roundsCounterOne: rate(0, 0.5, 1),
  legacyHeader: rate(0, 0.5, 1),
  unknownPlaytime: rate(0, 0.3),
  absurdNextTime: rate(0, 0.2),
  winnerUnknown: rate(0, 0.3),
  attackersWin: rate(0.2, 0.55, 0.9),
  surrender: rate(0, 0.3),
  botEvening: rate(0, 0.5),
  crlf: rate(0, 0.3),
  trailingBlanks: rate(0, 0.3),
});
const evenings = fc.record({ seed: fc.integer(), rates: mix });

const small = (seed: number, rates: Partial<HardCaseRates>) =>
  generateCorpus({
    seed,
    evenings: 2,
    players: 10,
    mapsPerEvening: [3, 5],
    playersPerEvening: [3, 10],
    rates,
    crlfCopies: 0.3,
  });

describe('generated evenings under any mix of quirks', () => {
  it('derive to the truth: every round, player and figure', () => {
    fc.assert(
      fc.property(evenings, ({ seed, rates }) => {
        const c = small(seed, rates);
        const derived = deriveFiles([...c.files, ...c.copies]);
        expect(c.truth.rounds.flatMap((t) => roundDifferences(derived.get(t.file), t))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('tell round-2-only R2 files from cumulative ones, and never take a knife fall for a reconnect', () => {
    fc.assert(
      fc.property(evenings, ({ seed, rates }) => {
        const c = small(seed, rates);
        const derived = deriveFiles(c.files);
        for (const t of c.truth.rounds) {
          if (t.round !== 2 || t.match === null || t.empty) continue;
          const r2 = derived.get(t.file);
          const r1 = derived.get(`${t.match}-round-1.txt`);
          if (!r1 || !r2) throw new Error(`${t.file}: not paired`);
          expect(holdsRoundTwoOnly(r1.round, r2.round), t.file).toBe(t.r2_per_round === true);
          const before = new Map(r1.round.players.map((p) => [p.guid, p]));
          for (const p of r2.players ?? []) {
            const was = before.get(p.guid);
            const shots = (line: typeof was) =>
              line?.weapons.find((w) => w.weapon === 0)?.shots ?? 0;
            const now = r2.round.players.find((q) => q.guid === p.guid);
            if (was && shots(now) < shots(was) && !t.players?.[p.guid]?.reconnected)
              expect(p.reconnected, `${t.file} ${p.guid}`).toBe(false);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('pair and derive the same whatever order the files (and their copies) arrive in', () => {
    fc.assert(
      fc.property(evenings, fc.integer(), ({ seed, rates }, order) => {
        const c = small(seed, rates);
        const all = [...c.files, ...c.copies];
        const shuffled = createRandom(order).shuffle([...all]);
        const summary = (files: typeof all) =>
          [...deriveFiles(files)]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([name, d]) => [name, d.match, d.r2PerRound, d.players, d.duration]);
        expect(summary(shuffled)).toEqual(summary(all));
      }),
      { numRuns: 40 },
    );
  });
});
