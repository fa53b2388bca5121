import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { nodeApp } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { recomputeRating } from '../recompute/rating.ts';
import { ratingMaps } from '../recompute/rating-maps.ts';
import { rateMaps } from '../../stats/rating/model.ts';

let handle: DatabaseHandle;
// biome-ignore lint/suspicious/noExplicitAny: the answers are JSON, checked field by field
let get: (path: string) => Promise<{ status: number; body: any }>;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeRating(handle.db, 1, 'all');
  const { app } = nodeApp(handle.db);
  get = async (path) => {
    const response = await app.request(path);
    return { status: response.status, body: await response.json() };
  };
});
afterAll(() => handle.close());

describe('GET /api/ratings and /api/ratings/maps', () => {
  it('lists every rated player, ranked ones first by rating, with uncertainty and rated maps', async () => {
    const { status, body } = await get('/api/ratings');
    expect(status).toBe(200);
    expect(body.min_rated_maps).toBe(10);
    const ranked = body.players.filter((p: { rank: number | null }) => p.rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.map((p: { rank: number }) => p.rank)).toEqual(
      ranked.map((_: unknown, i: number) => i + 1),
    );
    for (const [i, p] of ranked.entries()) {
      expect(p.rated_maps).toBeGreaterThanOrEqual(10);
      if (i > 0) expect(p.rating).toBeLessThanOrEqual(ranked[i - 1].rating);
      expect(p.uncertainty).toBeGreaterThan(0);
    }
  });

  it('gives each map the call the model made before it, newest first', async () => {
    const model = rateMaps(await ratingMaps(handle.db, 1));
    const { body } = await get('/api/ratings/maps?limit=1000');
    expect(body.maps).toHaveLength(model.length);
    const byRound = new Map(model.map((m) => [m.id, m]));
    for (const m of body.maps) {
      expect(m.status).toBe(byRound.get(m.round_id)?.status);
      expect(m.expected).toBe(byRound.get(m.round_id)?.expected);
    }
    const ends = body.maps.map((m: { ended_at: string }) => m.ended_at);
    expect(ends).toEqual([...ends].sort().reverse());
  });
});
