import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../generator/index.ts';
import { gameServers } from '../schema/index.ts';
import type { DatabaseHandle } from '../worker/db/database.ts';
import { openPglite } from '../worker/db/pglite.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';
import { runRebuild } from './rebuild.ts';
import { readScriptSettings } from './lib/settings.ts';

// Two evenings in September and October 2025: one quarter, two months.
const corpus = generateCorpus({
  seed: 11,
  evenings: 2,
  players: 10,
  startDate: '2025-09-27',
  daysBetweenEvenings: [6, 6],
});

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'generated' })
    .returning();
  for (const file of corpus.files)
    await importStatsFile(
      handle.db,
      {
        serverId: (server as { id: number }).id,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      { sessionGapMinutes: 60 },
    );
});
afterAll(() => handle.close());

const seasonPeriods = async () =>
  (
    await rowsOf<{ name: string }>(
      handle.db,
      sql`select name from leaderboard_periods where kind = 'season' order by season_key`,
    )
  ).map((row) => row.name);

describe('npm run rebuild', () => {
  it('cuts seasons as SEASONS says, not always in quarters', async () => {
    const lines: string[] = [];
    await runRebuild(handle.db, readScriptSettings({ SEASONS: 'months:1' }), (line) =>
      lines.push(line),
    );
    // The season holding today's date is written too, whatever today is.
    const monthly = await seasonPeriods();
    expect(monthly).toEqual(expect.arrayContaining(['2025-09', '2025-10']));
    for (const name of monthly) expect(name).toMatch(/^\d{4}-\d{2}$/);
    expect(lines.at(-1)).toMatch(/^Recomputed 2 sessions and \d+ leaderboard periods\.$/);

    await runRebuild(handle.db, readScriptSettings({}), () => {});
    const quarters = await seasonPeriods();
    expect(quarters).toEqual(expect.arrayContaining(['2025 Q3', '2025 Q4']));
    for (const name of quarters) expect(name).toMatch(/^\d{4} Q\d$/);
  });
});
