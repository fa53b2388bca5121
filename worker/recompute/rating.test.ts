import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { derivedDump } from '../../test/support/derived-dump.ts';
import { rowsOf } from '../db/rows.ts';
import { recomputeRating } from './rating.ts';

let corpus: CorpusDatabase;
beforeAll(async () => {
  corpus = await openCorpusDatabase();
});
afterAll(() => corpus.close());

const rating = async () => {
  const { ratingMaps, ratingChanges } = await derivedDump(corpus.db);
  return { ratingMaps, ratingChanges };
};

describe('the stored rating', () => {
  it('stores every map, rated or with its reason, and each rated map’s beliefs before and after', async () => {
    await recomputeRating(corpus.db, 1, 'all');
    const maps = await rowsOf<{ status: string; n: number; predicted: number }>(
      corpus.db,
      sql`select status, count(*)::int as n, count(expected)::int as predicted from rating_maps group by status order by status`,
    );
    const of = (status: string) => maps.find((m) => m.status === status);
    expect(of('rated')?.n).toBeGreaterThan(20);
    expect(of('rated')?.predicted).toBe(of('rated')?.n);
    expect(of('orphan')?.predicted).toBe(0);
    const [changes] = await rowsOf<{ unrated: number; rated: number }>(
      corpus.db,
      sql`select count(*) filter (where m.status <> 'rated')::int as unrated, count(*) filter (where m.status = 'rated')::int as rated
        from rating_changes c join rating_maps m using (round_id)`,
    );
    expect(changes?.unrated).toBe(0);
    expect(changes?.rated).toBeGreaterThan(of('rated')?.n ?? 0);
  });

  it('gives the same rows rating from any map on as rating everything', async () => {
    await recomputeRating(corpus.db, 1, 'all');
    const full = await rating();
    const ends = full.ratingMaps.map((m) => Date.parse(String(m.ended_at)));
    for (const at of [ends[Math.floor(ends.length / 3)], ends[Math.floor((2 * ends.length) / 3)]]) {
      await recomputeRating(corpus.db, 1, at as number);
      expect(await rating()).toEqual(full);
    }
  });

  it('keeps other communities’ rows when one community is rated again', async () => {
    await recomputeRating(corpus.db, 1, 'all');
    const before = await rating();
    await recomputeRating(corpus.db, 2, 'all');
    expect(await rating()).toEqual(before);
  });
});
