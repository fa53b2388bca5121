import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
// The night clocks go back: real round files renamed to Berlin wall-clock times of 2025-10-26, when
// 02:00–03:00 happens twice (summer time until 03:00, 01:00 UTC; then winter time from 02:00 again).
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { gameServers } from '../../schema/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { shuffled } from '../../test/support/shuffle.ts';
import type { Database } from '../db/database.ts';
import { openPglite, type PgliteHandle } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { setServerTimeZone } from '../jobs/server-time-zone.ts';
import { recomputeAll } from '../recompute/index.ts';
import { importStatsFile } from './import-file.ts';
import { rebuildFromRawFiles } from './rebuild.ts';

const settings = { sessionGapMinutes: 60, seasons: QUARTERS };
const NOW = new Date('2026-05-01T12:00:00Z');

const corpus = new Map(corpusFiles().map((f) => [f.name, f.bytes]));
const renamed = (from: string, time: string) => {
  const bytes = corpus.get(from);
  if (!bytes) throw new Error(`${from} is not in the corpus`);
  return { name: from.replace(/^\d{4}-\d{2}-\d{2}-\d{6}/, `2025-10-26-${time}`), bytes };
};

/** Three maps, each an R1 and its R2 (real pairs of the corpus), in the order they were played. */
const night = [
  // Before the change: summer time.
  renamed('2025-09-04-202728-frostbite-round-1.txt', '014000'), // 23:40 UTC
  renamed('2025-09-04-203809-frostbite-round-2.txt', '015100'), // 23:51
  // R1 in the first pass (summer time), R2 twelve minutes later in the second: its file time is earlier.
  renamed('2025-09-04-205149-etl_adlernest-round-1.txt', '025000'), // 00:50
  renamed('2025-09-04-210357-etl_adlernest-round-2.txt', '020200'), // 01:02
  // R1 in the second pass (winter time), R2 after the repeated hour.
  renamed('2025-09-04-211829-erdenberg_t2-round-1.txt', '025000'), // 01:50
  renamed('2025-09-04-212827-erdenberg_t2-round-2.txt', '030000'), // 02:00
];

const handles: PgliteHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

async function imported(zone: string, files: readonly { name: string; bytes: Uint8Array }[]) {
  const handle = await openPglite();
  handles.push(handle);
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'eu', timeZone: zone })
    .returning();
  for (const file of files)
    await importStatsFile(
      handle.db,
      {
        serverId: (server as { id: number }).id,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      settings,
    );
  return handle.db;
}

/** Each round's file, when it ended, and the R1 of its match (null: an orphan R2). */
const timeline = (db: Database) =>
  rowsOf<{ file: string; ended_at: string; match: string | null }>(
    db,
    sql`select f.file_name as file, to_char(r.ended_at at time zone 'UTC', 'HH24:MI') as ended_at, m1.file_name as match
    from rounds r join stats_files f on f.id = r.file_id left join matches m on m.id = r.match_id
    left join rounds r1 on r1.id = m.round1_id left join stats_files m1 on m1.id = r1.file_id
    order by r.ended_at`,
  );

describe('the night clocks go back', () => {
  it('pairs every map, the R2 written after the change at the later of its two instants', async () => {
    const db = await imported('Europe/Berlin', night);
    const name = (i: number) => (night[i] as { name: string }).name;
    expect(await timeline(db)).toEqual([
      { file: name(0), ended_at: '23:40', match: name(0) },
      { file: name(1), ended_at: '23:51', match: name(0) },
      { file: name(2), ended_at: '00:50', match: name(2) },
      { file: name(3), ended_at: '01:02', match: name(2) },
      { file: name(4), ended_at: '01:50', match: name(4) },
      { file: name(5), ended_at: '02:00', match: name(4) },
    ]);
    const [match] = await rowsOf(
      db,
      sql`select to_char(m.started_at at time zone 'UTC', 'HH24:MI') as started_at, to_char(m.ended_at at time zone 'UTC', 'HH24:MI') as ended_at,
        m.first_attackers_points is not null as scored
      from matches m where m.map = 'etl_adlernest'`,
    );
    expect(match).toEqual({ started_at: '00:40', ended_at: '01:02', scored: true });
    expect(await rowsOf(db, sql`select round_count, map_count from gaming_sessions`)).toEqual([
      { round_count: 6, map_count: 3 },
    ]);
  });

  it('builds the same database whatever order the files arrive in, and so does a rebuild', async () => {
    const inOrder = await imported('Europe/Berlin', night);
    const expected = withoutIds(await canonicalDump(inOrder));
    for (const order of [[...night].reverse(), shuffled(night, 20251026), shuffled(night, 3)]) {
      const db = await imported('Europe/Berlin', order);
      expect(withoutIds(await canonicalDump(db))).toEqual(expected);
    }
    await rebuildFromRawFiles(inOrder, settings);
    expect(withoutIds(await canonicalDump(inOrder))).toEqual(expected);
  });

  it('pairs the split map once the server’s zone is set to the one its clock keeps', async () => {
    const db = await imported('UTC', night);
    const adlernest = (await timeline(db)).filter((r) => r.file.includes('adlernest'));
    expect(adlernest.map((r) => r.match)).toEqual([null, (night[2] as { name: string }).name]);

    const result = await setServerTimeZone(
      db,
      { communityId: DEFAULT_COMMUNITY_ID, server: 'eu', zone: 'Europe/Berlin', now: NOW },
      settings,
    );
    expect(result).toMatchObject({ ok: true, rounds: 6, movedRounds: 6 });
    const berlin = await imported('Europe/Berlin', night);
    await recomputeAll(berlin, settings, NOW);
    expect(withoutIds(await canonicalDump(db))).toEqual(withoutIds(await canonicalDump(berlin)));
  });
});
