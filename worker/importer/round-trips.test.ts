// Every statement an import sends while it holds the import lock makes every other import wait: these
// pin how many a round sends, sent as stats.lua JSON or as a round file, so a change that adds a round
// trip under the lock fails here (test/support/round-trips.ts counts them).
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import { type ImportRoundTrips, importRoundTrips } from '../../test/support/round-trips.ts';

const corpus = generateCorpus({ seed: 1515, evenings: 2, players: 16, malformed: 0 });
const encoder = new TextEncoder();
const payloads = statsLuaPayloads(corpus.files).map((p) => ({
  name: p.name,
  bytes: encoder.encode(JSON.stringify(p.payload)),
}));
const roundFiles = corpus.files.filter((f) => /-round-[12]\.txt$/.test(f.name));

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe('statements an import sends under the import lock', () => {
  // A stats.lua round sends no statement more than a round file: who owns its GUIDs' prefixes is read
  // in the lock's statement, its claims are recorded and its R1's owners read in the store's.
  it.each([
    ['a stats.lua round', payloads, { usual: 4, most: 6, duplicate: 3 }],
    ['a round file', roundFiles, { usual: 4, most: 6, duplicate: 3 }],
  ])(
    '%s: one transaction that takes the lock first, few statements under it',
    async (_, files, bound) => {
      // The first rounds again at the end: duplicates, settled by the store and one look at the copy stored.
      const counts = await importRoundTrips([...files, ...files.slice(0, 3)]);
      const duplicates = counts.slice(-3);
      expect(duplicates.map((c) => c.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      for (const c of duplicates) expect(c.locked, c.file).toBeLessThanOrEqual(bound.duplicate);
      const imported = counts.filter((c) => c.status === 'imported');
      expect(imported.length).toBeGreaterThan(20);
      for (const c of imported) {
        expect(c.transactions, c.file).toBe(1);
        expect(c.first, c.file).toMatch(/^select pg_advisory_xact_lock\(/);
        // The data version moves in the transaction: nothing is sent after it.
        expect(c.outside, c.file).toBe(0);
        expect(c.locked, c.file).toBeLessThanOrEqual(bound.most);
      }
      const locked = imported.map((c: ImportRoundTrips) => c.locked);
      expect(median(locked)).toBeLessThanOrEqual(bound.usual);
    },
  );
});
