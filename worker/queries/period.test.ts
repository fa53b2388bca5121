import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers, gamingSessions, leaderboardPeriods } from '../../schema/index.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { storedPeriod } from '../recompute/metrics.ts';
import { DEFAULT_COMMUNITY_ID } from './communities.ts';
import { type Period, periodFilter, resolvePeriod } from './period.ts';

const NOW = new Date('2025-11-15T10:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openPglite();
  await handle.db
    .insert(gameServers)
    .values({ id: 1, communityId: DEFAULT_COMMUNITY_ID, name: 'eu' });
});
afterAll(() => handle.close());

async function resolved(id: string | undefined): Promise<Period> {
  const result = await resolvePeriod(handle.db, DEFAULT_COMMUNITY_ID, id, NOW);
  if (!result.ok) throw new Error(result.reason);
  return result.period;
}

/** Which of the sample rounds (id, ended_at, session) the period keeps. */
async function kept(period: Period): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    handle.db,
    sql`select r.id from (values
    (1, '2025-06-30T23:59:59Z'::timestamptz, 1, 1), (2, '2025-10-01T00:00:00Z'::timestamptz, 2, 1),
    (3, '2025-10-20T12:00:00Z'::timestamptz, 2, 1), (4, '2025-11-15T09:00:00Z'::timestamptz, 3, 1),
    (5, '2026-01-01T00:00:00Z'::timestamptz, 4, 1)) r(id, ended_at, session_id, server_id)
    where ${periodFilter(period)} order by r.id`,
  );
  return rows.map((row) => row.id);
}

describe('resolvePeriod', () => {
  it('is all time without an option, and keeps every round', async () => {
    const period = await resolved(undefined);
    expect(period).toMatchObject({ id: 'all', label: 'All time', sessionId: null });
    expect(await kept(period)).toEqual([1, 2, 3, 4, 5]);
  });

  it('covers the running calendar quarter, start included and end excluded', async () => {
    const period = await resolved('season');
    expect(period).toMatchObject({
      id: 'season',
      label: 'This season (2025 Q4)',
      startsAt: new Date('2025-10-01T00:00:00Z'),
      endsAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(await kept(period)).toEqual([2, 3, 4]);
  });

  it('covers the 30 days up to now', async () => {
    const period = await resolved('30d');
    expect(period.startsAt).toEqual(new Date('2025-10-16T10:00:00Z'));
    expect(await kept(period)).toEqual([3, 4, 5]);
  });

  it('is the latest session by membership, and says so when there is none', async () => {
    expect(await resolvePeriod(handle.db, DEFAULT_COMMUNITY_ID, 'session', NOW)).toEqual({
      ok: false,
      reason: 'No session has been played yet.',
    });
    const at = (iso: string) => new Date(iso);
    await handle.db.insert(gamingSessions).values([
      {
        id: 2,
        serverId: 1,
        startedAt: at('2025-10-20T11:00:00Z'),
        endedAt: at('2025-10-20T13:00:00Z'),
        roundCount: 1,
        mapCount: 1,
        playerCount: 6,
      },
      {
        id: 3,
        serverId: 1,
        startedAt: at('2025-11-15T08:00:00Z'),
        endedAt: at('2025-11-15T09:00:00Z'),
        roundCount: 1,
        mapCount: 1,
        playerCount: 6,
      },
    ]);
    const period = await resolved('session');
    expect(period).toMatchObject({
      id: 'session',
      label: 'Last session (#3, 2025-11-15)',
      sessionId: 3,
    });
    expect(await kept(period)).toEqual([4]);
  });

  it('names the periods there are when given another', async () => {
    expect(await resolvePeriod(handle.db, DEFAULT_COMMUNITY_ID, 'year', NOW)).toEqual({
      ok: false,
      reason: '"year" is not a period: use all, season, 30d, session.',
    });
  });
});

describe('the season', () => {
  it('follows the season the recompute stored, whatever its length', async () => {
    await handle.db.insert(leaderboardPeriods).values({
      id: storedPeriod(DEFAULT_COMMUNITY_ID, 'season:2025-11-01'),
      communityId: DEFAULT_COMMUNITY_ID,
      kind: 'season',
      name: 'Season 3',
      seasonKey: '2025-11-01',
      startsAt: new Date('2025-11-01T00:00:00Z'),
      endsAt: new Date('2025-12-01T00:00:00Z'),
    });
    const period = await resolved('season');
    expect(period).toMatchObject({
      label: 'This season (Season 3)',
      startsAt: new Date('2025-11-01T00:00:00Z'),
      endsAt: new Date('2025-12-01T00:00:00Z'),
    });
    expect(await kept(period)).toEqual([4]);
  });
});
