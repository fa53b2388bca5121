import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type GeneratedCorpus, generateCorpus } from './index.ts';

/** Per complete map: the first attackers' mean strength over the first defenders', and who won. */
function mapsOf(corpus: GeneratedCorpus, strengths: ReadonlyMap<string, number>) {
  const r1s = new Map(corpus.truth.rounds.filter((r) => r.round === 1).map((r) => [r.match, r]));
  const maps: { edge: number; firstWon: boolean | null }[] = [];
  for (const r2 of corpus.truth.rounds) {
    const r1 = r2.round === 2 ? r1s.get(r2.match) : undefined;
    if (!r1?.players || !r2.map_score) continue;
    const groups = { first: [] as number[], second: [] as number[] };
    for (const [guid, p] of Object.entries(r1.players)) {
      if (p.team === 3) continue;
      (p.team === r1.defender ? groups.second : groups.first).push(strengths.get(guid) ?? 0);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const { first_attackers: fa, first_defenders: fd } = r2.map_score;
    maps.push({
      edge: mean(groups.first) - mean(groups.second),
      firstWon: fa === fd ? null : fa > fd,
    });
  }
  return maps;
}

/** Share of decided maps the stronger group won. */
function strongerWins(maps: ReturnType<typeof mapsOf>): number {
  const decided = maps.filter((m) => m.firstWon !== null && Math.abs(m.edge) > 0.2);
  return decided.filter((m) => m.firstWon === m.edge > 0).length / decided.length;
}

const digest = (corpus: GeneratedCorpus) => {
  const hash = createHash('sha256');
  for (const f of corpus.files) hash.update(f.name).update(f.bytes);
  return hash.digest('hex').slice(0, 16);
};

describe('latent strength', () => {
  const options = { seed: 5, evenings: 60, players: 40 };

  it('decides map results when turned on: the stronger lineup wins most maps', () => {
    const on = generateCorpus({ ...options, latent: {} });
    expect(on.strengths.size).toBe(46); // 40 humans and 6 bots
    expect(strongerWins(mapsOf(on, on.strengths))).toBeGreaterThan(0.65);
  });

  it('is off by default: results do not follow the same strengths, and no strengths are returned', () => {
    const off = generateCorpus(options);
    expect(off.strengths.size).toBe(0);
    const strengths = generateCorpus({ ...options, latent: {} }).strengths;
    expect(strongerWins(mapsOf(off, strengths))).toBeLessThan(0.6);
  });

  it('leaves the default corpus byte for byte as it was before latent strength existed', () => {
    // The digest of the generator's output before latent.ts: every corpus test relies on these bytes.
    expect(digest(generateCorpus({ seed: 1, evenings: 4, players: 12, malformed: 3 }))).toBe(
      'c3cf14dd7765d5b5',
    );
  });
});
