import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { runRebuild } from '../../scripts/rebuild.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { type CorpusDatabase, openCorpusDatabase } from '../../test/support/corpus-database.ts';
import type { Database } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { mergePlayers, rebuildEverything, unmergePlayer } from '../jobs/merge-players.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { recomputeAll } from '../recompute/index.ts';
import { importStatsFile } from './import-file.ts';

const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const NOW = new Date('2026-05-01T12:00:00Z');
const truth = loadTruth();
const byName = new Map(corpusFiles().map((f) => [f.name, f]));
/** The corpus's first evening (three maps on one server). */
const firstEvening = (truth.sessions[0] as { rounds: string[] }).rounds.map(
  (name) => byName.get(name) as { name: string; bytes: Uint8Array },
);

/** Every session: its id, server, start minute, and the ids its derived rows are filed under. */
async function sessionIds(db: Database) {
  return rowsOf<{ id: number; server_id: number; started: string }>(
    db,
    sql`select id, server_id, to_char(started_at at time zone 'UTC', 'YYYYMMDDHH24MI') as started
    from gaming_sessions order by started_at, server_id`,
  );
}

async function derivedIds(db: Database) {
  return rowsOf<{ results: number; periods: number; teams: number; rounds: number }>(
    db,
    sql`select
      (select count(*)::int from session_results r where not exists (select 1 from gaming_sessions s where s.id = r.session_id)) as results,
      (select count(*)::int from leaderboard_periods p where p.kind = 'session' and p.id <> p.community_id || ':session:' || p.session_id) as periods,
      (select count(*)::int from session_teams t where not exists (select 1 from gaming_sessions s where s.id = t.session_id)) as teams,
      (select count(*)::int from rounds r where r.session_id is not null and not exists (select 1 from gaming_sessions s where s.id = r.session_id)) as rounds`,
  );
}

const upload = (serverId: number, file: { name: string; bytes: Uint8Array }) => ({
  serverId,
  fileName: file.name,
  bytes: file.bytes,
  receivedAt: new Date(0),
});

describe('session ids survive rebuilds and unmerges', () => {
  let corpus: CorpusDatabase;
  let before: Awaited<ReturnType<typeof sessionIds>>;
  beforeAll(async () => {
    corpus = await openCorpusDatabase();
    await recomputeAll(corpus.db, settings, NOW);
    before = await sessionIds(corpus.db);
  });
  afterAll(async () => corpus.close());

  it('are the same after a rebuild from the raw files', async () => {
    expect(before).toHaveLength(truth.sessions.length);
    await rebuildEverything(corpus.db, settings, NOW);
    expect(await sessionIds(corpus.db)).toEqual(before);
    expect(await derivedIds(corpus.db)).toEqual([{ results: 0, periods: 0, teams: 0, rounds: 0 }]);
  }, 120_000);

  it('are the same after `npm run rebuild`', async () => {
    await runRebuild(corpus.db, settings, () => {});
    expect(await sessionIds(corpus.db)).toEqual(before);
    expect(await derivedIds(corpus.db)).toEqual([{ results: 0, periods: 0, teams: 0, rounds: 0 }]);
  }, 120_000);

  it('are the same after a merge is undone (/admin unmerge-players re-derives everything)', async () => {
    // Two humans who never played in the same round can be merged.
    const [pair] = await rowsOf<{ a: string; b: string }>(
      corpus.db,
      sql`select a.guid as a, b.guid as b from players a join players b on a.guid < b.guid
      where not a.bot and not b.bot and not exists (
        select 1 from player_rounds x join player_rounds y on y.round_id = x.round_id
        where x.guid = a.guid and y.guid = b.guid)
      order by a.guid, b.guid limit 1`,
    );
    if (!pair) throw new Error('the corpus has no two players who never met');
    const merge = { communityId: DEFAULT_COMMUNITY_ID, keptGuid: pair.a, mergedGuid: pair.b };
    expect(await mergePlayers(corpus.db, { ...merge, by: 'u1', now: NOW }, settings)).toMatchObject(
      { ok: true },
    );
    expect(await sessionIds(corpus.db)).toEqual(before);
    const undone = await unmergePlayer(corpus.db, DEFAULT_COMMUNITY_ID, pair.b, settings, NOW);
    expect(undone).toMatchObject({ ok: true });
    expect(await sessionIds(corpus.db)).toEqual(before);
  }, 180_000);

  it('give a backfilled older evening an id that sorts before the newer ones, leaving theirs alone', async () => {
    // The first evening again, a year earlier.
    for (const file of firstEvening) {
      const name = file.name.replace(/^(\d{4})/, (year) => String(Number(year) - 1));
      await importStatsFile(corpus.db, upload(corpus.serverId, { ...file, name }), settings);
    }
    const after = await sessionIds(corpus.db);
    expect(after.slice(1)).toEqual(before);
    const [older] = after as [(typeof after)[number]];
    expect(String(older.id)).toBe(older.started);
    expect(older.id).toBeLessThan(Math.min(...before.map((s) => s.id)));
  }, 60_000);
});

describe('sessions are per game server', () => {
  it('makes two servers playing the same evening two sessions; the same minute goes to the lower server id, whatever arrived first', async () => {
    const handle = await openPglite();
    try {
      const servers = await handle.db
        .insert(gameServers)
        .values([
          { communityId: DEFAULT_COMMUNITY_ID, name: 'EU #1' },
          { communityId: DEFAULT_COMMUNITY_ID, name: 'EU #2' },
        ])
        .returning();
      const [one, two] = servers.map((s) => s.id) as [number, number];
      // EU #2's evening first, with its teams, results and leaderboard computed, then EU #1's.
      for (const file of firstEvening)
        await importStatsFile(handle.db, upload(two, file), settings);
      await recomputeAll(handle.db, settings, NOW);
      const [alone] = (await sessionIds(handle.db)) as [
        { id: number; server_id: number; started: string },
      ];
      expect(String(alone.id)).toBe(alone.started);
      // A moderator named EU #2's team A (/admin teams name): the name must follow the session's new id.
      await handle.db.execute(
        sql`insert into session_team_names (community_id, session_id, team, name, by_user_id)
        values (${DEFAULT_COMMUNITY_ID}, ${alone.id}, 'A', 'Red Devils', 'u1')`,
      );
      for (const file of firstEvening)
        await importStatsFile(handle.db, upload(one, file), settings);

      const both = await sessionIds(handle.db);
      const minute = Number(alone.started);
      expect(both).toEqual([
        { id: minute, server_id: one, started: alone.started },
        { id: minute + 1, server_id: two, started: alone.started },
      ]);
      // EU #2's derived rows followed it to its new id, its leaderboard period too.
      expect(await derivedIds(handle.db)).toEqual([
        { results: 0, periods: 0, teams: 0, rounds: 0 },
      ]);
      const [moved] = await rowsOf<{ results: number; period: string; name: string }>(
        handle.db,
        sql`select (select count(*)::int from session_results where session_id = ${minute + 1}) as results,
          (select id from leaderboard_periods where session_id = ${minute + 1}) as period,
          (select name from leaderboard_periods where session_id = ${minute + 1}) as name`,
      );
      expect(moved).toEqual({
        results: 1,
        period: `${DEFAULT_COMMUNITY_ID}:session:${minute + 1}`,
        name: expect.stringMatching(
          new RegExp(`^Session ${minute + 1} \\(\\d{4}-\\d{2}-\\d{2}\\)$`),
        ),
      });
      const [rounds] = await rowsOf<{ one: number; two: number }>(
        handle.db,
        sql`select count(*) filter (where session_id = ${minute})::int as one,
          count(*) filter (where session_id = ${minute + 1})::int as two from rounds`,
      );
      expect(rounds).toEqual({ one: firstEvening.length, two: firstEvening.length });
      expect(
        await rowsOf(handle.db, sql`select session_id, team, name from session_team_names`),
      ).toEqual([{ session_id: minute + 1, team: 'A', name: 'Red Devils' }]);
    } finally {
      await handle.close();
    }
  }, 60_000);
});
