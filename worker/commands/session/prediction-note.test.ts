import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusDatabase } from '../../../test/support/corpus-database.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import type { SessionMapPlay, SessionReport } from '../../queries/session-report.ts';
import { sessionReport } from '../../queries/session-report.ts';
import { recomputeRating } from '../../recompute/rating.ts';
import { mapFields, predictionNote } from './session-maps-view.ts';

const report = { teamNames: {} } as unknown as SessionReport;
const play = (over: Partial<SessionMapPlay>): SessionMapPlay => ({
  order: 1,
  matchId: 1,
  map: 'supply',
  startedAt: '2025-10-13T19:00:00Z',
  complete: true,
  orphan: false,
  firstAttackersPoints: 2,
  firstDefendersPoints: 0,
  firstAttackersTeam: 'A',
  points: { A: 2, B: 0 },
  expected: 0.64,
  ...over,
});

describe('the maps view’s prediction', () => {
  it('names the favourite and its chance before the map, and an upset when it lost', () => {
    expect(predictionNote(report, play({}))).toBe(' · Team A 64% to win');
    expect(predictionNote(report, play({ expected: 0.3 }))).toBe(
      ' · Team B 70% to win · **upset**',
    );
    expect(predictionNote(report, play({ firstAttackersTeam: 'B', expected: 0.3 }))).toBe(
      ' · Team A 70% to win · **upset**',
    );
    // A draw upsets no one; a map the rating could not call says nothing.
    expect(predictionNote(report, play({ firstAttackersPoints: 1, expected: 0.3 }))).toBe(
      ' · Team B 70% to win',
    );
    expect(predictionNote(report, play({ expected: null }))).toBe('');
  });
});

describe('a stored session’s maps view', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openCorpusDatabase();
    await recomputeRating(handle.db, 1, 'all');
  });
  afterAll(() => handle.close());

  it('shows each rated map’s stored expected chance', async () => {
    const [row] = await rowsOf<{ session_id: number; expected: number }>(
      handle.db,
      sql`select r.session_id, rm.expected from rating_maps rm join rounds r on r.id = rm.round_id
        where rm.status = 'rated' order by rm.ended_at limit 1`,
    );
    const stored = await sessionReport(handle.db, 1, Number(row?.session_id), { rounds: true });
    const chance = Math.round(Math.max(row?.expected ?? 0, 1 - (row?.expected ?? 0)) * 100);
    const names = mapFields(stored as SessionReport).map((f) => f.name);
    expect(names.some((n) => n.includes(`${chance}% to win`))).toBe(true);
  });
});
