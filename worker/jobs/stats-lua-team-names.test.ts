// A stats.lua evening whose payloads name the gather teams (`metadata.scores`): its session shows those
// names, a moderator's name wins over them, and a rebuild keeps them.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import { gameServers } from '../../schema/index.ts';
import type { StatsLuaPayload } from '../../stats/stats-lua/payload.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { rebuildFromRawFiles } from '../importer/rebuild.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { sessionDetail } from '../queries/sessions.ts';
import { teamNamesOf } from '../queries/team-names.ts';
import { recomputeAll, type RecomputeSettings } from '../recompute/index.ts';
import { nameTeam } from './team-names.ts';

const settings: RecomputeSettings = { sessionGapMinutes: 60, seasons: { monthsPerSeason: 3 } };
const now = new Date('2030-01-01T00:00:00Z');
const corpus = generateCorpus({ seed: 15, evenings: 1, players: 10 });
const payloads = statsLuaPayloads(corpus.files);

type Stats = Record<string, { team: string }>;
/** Alpha: whoever was on Axis in the first round; each round, alpha plays where most of them are. */
const first = payloads[0]?.payload.player_stats as unknown as Stats;
const alpha = new Set(Object.keys(first).filter((k) => first[k]?.team === '1'));
const named = payloads.map(({ name, payload: sent }) => {
  const p = { name, payload: sent as unknown as StatsLuaPayload };
  const stats = p.payload.player_stats as unknown as Stats;
  const onAxis = Object.keys(stats).filter((k) => alpha.has(k) && stats[k]?.team === '1').length;
  const onAllies = Object.keys(stats).filter((k) => alpha.has(k) && stats[k]?.team === '2').length;
  const scores = {
    alpha_teamname: '^1Red ^7Wolves',
    beta_teamname: 'Blue Foxes',
    round: { round_num: p.payload.round_info.round, alpha_side: onAxis >= onAllies ? 1 : 2 },
  };
  return { name: p.name, payload: { ...p.payload, metadata: { ...p.payload.metadata, scores } } };
});

let handle: DatabaseHandle;
let sessionId: number;
const alphaTeam = async () => {
  const [row] = await rowsOf<{ team: 'A' | 'B' }>(
    handle.db,
    sql`select team from session_teams where session_id = ${sessionId} and guid = ${[...alpha][0]?.slice(0, 8)}`,
  );
  return row?.team as 'A' | 'B';
};

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: DEFAULT_COMMUNITY_ID, name: 'gather' })
    .returning();
  for (const p of named) {
    const outcome = await importStatsFile(
      handle.db,
      {
        serverId: (server as { id: number }).id,
        fileName: p.name,
        bytes: new TextEncoder().encode(JSON.stringify(p.payload)),
        receivedAt: now,
      },
      { sessionGapMinutes: 60 },
    );
    if (outcome.status !== 'imported') throw new Error(`${p.name}: ${outcome.status}`);
  }
  await recomputeAll(handle.db, settings, now);
  const [s] = await rowsOf<{ id: number }>(
    handle.db,
    sql`select id from gaming_sessions order by started_at limit 1`,
  );
  sessionId = (s as { id: number }).id;
});
afterAll(() => handle.close());

describe('team names from stats.lua', () => {
  it("names the session's teams after the payloads' gather teams (colours stripped), in the API too", async () => {
    const a = await alphaTeam();
    const expected =
      a === 'A' ? { A: 'Red Wolves', B: 'Blue Foxes' } : { A: 'Blue Foxes', B: 'Red Wolves' };
    expect(
      (await teamNamesOf(handle.db, DEFAULT_COMMUNITY_ID, [sessionId])).get(sessionId),
    ).toEqual(expected);
    expect((await sessionDetail(handle.db, DEFAULT_COMMUNITY_ID, sessionId))?.team_names).toEqual(
      expected,
    );
  });

  it("a moderator's name wins; un-naming gives the stats.lua name back; each moves the data version", async () => {
    const a = await alphaTeam();
    const version = async () =>
      (
        await rowsOf<{ v: number }>(
          handle.db,
          sql`select data_version::int as v from communities where id = ${DEFAULT_COMMUNITY_ID}`,
        )
      )[0]?.v as number;
    const before = await version();
    const renamed = await nameTeam(handle.db, DEFAULT_COMMUNITY_ID, sessionId, a, 'Wolfpack', 'u1');
    expect(renamed).toMatchObject({ ok: true, names: { [a]: 'Wolfpack' } });
    // The website's session pages show the names: their cached copies must expire.
    expect(await version()).toBe(before + 1);
    await nameTeam(handle.db, DEFAULT_COMMUNITY_ID, sessionId, a, null, 'u1');
    expect(await version()).toBe(before + 2);
    const names = (await teamNamesOf(handle.db, DEFAULT_COMMUNITY_ID, [sessionId])).get(sessionId);
    expect(names?.[a]).toBe('Red Wolves');
  });

  it('a rebuild keeps them', async () => {
    const before = await teamNamesOf(handle.db, DEFAULT_COMMUNITY_ID, [sessionId]);
    await rebuildFromRawFiles(handle.db, { sessionGapMinutes: 60 });
    await recomputeAll(handle.db, settings, now);
    expect(await teamNamesOf(handle.db, DEFAULT_COMMUNITY_ID, [sessionId])).toEqual(before);
    expect(before.get(sessionId)?.A).not.toBeNull();
  });
});
