import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { loadTruth } from '../../test/support/corpus.ts';
import { rowsOf } from '../db/rows.ts';
import { ratingMaps, type StoredMap } from './rating-maps.ts';

let corpus: CorpusDatabase;
let maps: StoredMap[];
beforeAll(async () => {
  corpus = await openCorpusDatabase();
  maps = await ratingMaps(corpus.db, 1);
});
afterAll(() => corpus.close());

describe('the maps the rating reads', () => {
  it('holds one map per stored map play, R1 and R2 together, in the order they ended', () => {
    const truth = loadTruth().rounds.filter((r) => !r.empty);
    const plays = new Set(truth.map((r) => r.match ?? r.file));
    expect(maps).toHaveLength(plays.size);
    const ends = maps.map((m) => m.endedAt);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(maps.filter((m) => m.orphan)).toHaveLength(truth.filter((r) => r.orphan).length);
  });

  it('follows the two groups across the side swap, by the time each player gave each group', async () => {
    const truth = loadTruth().rounds;
    const files = await rowsOf<{ match_id: number; file_name: string }>(
      corpus.db,
      sql`select m.id as match_id, f.file_name from matches m join rounds r on r.id = m.round1_id
        join stats_files f on f.id = r.file_id`,
    );
    const byR1 = new Map(files.map((f) => [f.file_name, Number(f.match_id)]));
    let checked = 0;
    for (const r2 of truth.filter((r) => r.round === 2 && r.map_score && r.players)) {
      const r1 = truth.find((r) => r.round === 1 && r.match === r2.match);
      const stored = maps.find((m) => r1 && m.matchId === byR1.get(r1.file));
      if (!r1?.players || !stored) continue;
      expect(stored.firstPoints).toBe(r2.map_score?.first_attackers);
      for (const [guid, p] of Object.entries(r1.players)) {
        const r2p = r2.players?.[guid];
        if (
          p.team === 3 ||
          !r2p ||
          r2p.team === 3 ||
          p.time_played_min === 0 ||
          r2p.time_played_min === 0
        )
          continue;
        // Attacking in R1 is the first group, and so is defending in R2.
        const firstInR1 = p.team !== r1.defender;
        if ((r2p.team === r2.defender) !== firstInR1) continue; // switched groups
        const player = stored.players.find((x) => x.guid === guid);
        expect(firstInR1 ? player?.secondS : player?.firstS, guid).toBe(0);
        expect(firstInR1 ? player?.firstS : player?.secondS, guid).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
