import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { statsLuaFileName } from '../../stats/stats-lua/file-name.ts';
import { compareMessage } from '../commands/compare.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { comparePlayers } from './compare.ts';
import { headToHeadKills } from './head-to-head-kills.ts';
import type { Period } from './period.ts';

const A = 'AAAA1111BBBB2222CCCC3333DDDD4444';
const B = 'BBBB2222CCCC3333DDDD4444EEEE5555';
const C = 'CCCC3333DDDD4444EEEE5555FFFF6666';
/** Another person with A's first 8 characters: A (the lower GUID, seen in the same round) keeps them. */
const A2 = 'AAAA1111FFFF0000FFFF0000FFFF0000';
const ALL: Period = {
  communityId: 1,
  id: 'all',
  label: 'All time',
  startsAt: null,
  endsAt: null,
  sessionId: null,
};
const stats = [
  '256',
  '10',
  '40',
  '2',
  '1',
  '0',
  '900',
  '500',
  '0',
  '0',
  '1',
  '0',
  '0',
  '0',
  '87.5',
  '20',
];

const kill = (leveltime: number, killer: string, victim: string) => ({
  leveltime,
  label: 'kill',
  killer,
  victim,
});
const payload = {
  round_info: {
    matchID: 'm1',
    mapname: 'supply',
    round: 1,
    defenderteam: 1,
    winnerteam: 2,
    timelimit: '10:00',
    nextTimeLimit: '7:30',
    round_start: 0,
    round_end: 450_000,
    round_start_unix: 1_772_395_350,
    round_end_unix: 1_772_395_800,
  },
  player_stats: Object.fromEntries(
    [A, B, C, A2].map((g, i) => [
      g,
      {
        guid: g.slice(0, 8),
        name: `p${i}`,
        rounds: '0',
        team: String(1 + (i % 2)),
        weaponStats: stats,
      },
    ]),
  ),
  metadata: { matchID: 'm1' },
  gamelog: [
    ...[A, B, C, A2].map((player) => ({ leveltime: 0, label: 'spawn', player })),
    kill(1000, A, B),
    kill(2000, A, B),
    kill(3000, B, A),
    kill(4000, C, B),
    kill(5000, A2, B),
  ],
};

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'g' })
    .returning();
  const outcome = await importStatsFile(
    handle.db,
    {
      serverId: (server as { id: number }).id,
      fileName: statsLuaFileName('m1', '2026-03-01T20:10:00', 'supply', 1),
      bytes: new TextEncoder().encode(JSON.stringify(payload)),
      receivedAt: new Date(0),
    },
    { sessionGapMinutes: 60 },
  );
  if (outcome.status !== 'imported') throw new Error(outcome.status);
});
afterAll(() => handle.close());

describe('head-to-head kills from stats.lua event logs', () => {
  it('counts each player’s kills of the other in the rounds both played', async () => {
    expect(await headToHeadKills(handle.db, 'AAAA1111', 'BBBB2222', ALL)).toEqual({
      rounds: 1,
      aKilledB: 2,
      bKilledA: 1,
    });
    expect(await headToHeadKills(handle.db, 'CCCC3333', 'AAAA1111', ALL)).toEqual({
      rounds: 1,
      aKilledB: 0,
      bKilledA: 0,
    });
  });

  it('counts a kill under the 8 characters only for the GUID filed there, not another sharing them', async () => {
    expect(await headToHeadKills(handle.db, A2, 'BBBB2222', ALL)).toEqual({
      rounds: 1,
      aKilledB: 1,
      bKilledA: 0,
    });
  });

  it('is null without a shared stats.lua round, and /compare shows it only when there is one', async () => {
    expect(await headToHeadKills(handle.db, 'AAAA1111', 'DDDD0000', ALL)).toBeNull();
    const players = [
      { guid: 'AAAA1111', name: 'p0', bot: false },
      { guid: 'BBBB2222', name: 'p1', bot: false },
    ] as const;
    const base = {
      ...(await comparePlayers(handle.db, 'AAAA1111', 'BBBB2222', ALL)),
      players,
      period: ALL,
    };
    const kills = await headToHeadKills(handle.db, 'AAAA1111', 'BBBB2222', ALL);
    const fields = (k: typeof kills) =>
      compareMessage({ ...base, kills: k }).embeds?.[0]?.fields ?? [];
    expect(fields(kills).find((f) => f.name === 'Kills on each other')?.value).toBe(
      'p0 killed p1 2 times, p1 killed p0 1 time (event logs of 1 round both played)',
    );
    expect(fields(null).some((f) => f.name === 'Kills on each other')).toBe(false);
  });
});
