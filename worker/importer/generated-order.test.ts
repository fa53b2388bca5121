import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
// Order independence on generated evenings, which hold more of every hard case than the fixed corpus:
// replays within the pairing window, orphans, reconnects, late joiners, legacy headers, bots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { generateCorpus } from '../../generator/index.ts';
import { canonicalDump, withoutIds } from '../../test/support/canonical-dump.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { roundIdsByFileName, roundViews } from '../queries/round-view.ts';
import { importStatsFile } from './import-file.ts';
import { shuffled } from '../../test/support/shuffle.ts';

const corpus = generateCorpus({ seed: 424242, evenings: 6, players: 20, malformed: 3 });
const settings = { sessionGapMinutes: 60 };

async function importAll(
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<DatabaseHandle> {
  const handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'generated' })
    .returning();
  for (const file of files) {
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
  }
  return handle;
}

const handles: DatabaseHandle[] = [];
beforeAll(async () => {
  handles.push(await importAll(corpus.files));
  handles.push(await importAll(shuffled([...corpus.files, ...corpus.files.slice(0, 20)], 7)));
  handles.push(await importAll([...corpus.files].reverse()));
});
afterAll(async () => {
  for (const h of handles) await h.close();
});

describe('imports of generated evenings in any order', () => {
  it('build the same database in play order, shuffled with duplicates, and reversed', async () => {
    const [inOrder, ...others] = await Promise.all(
      handles.map(async (h) => withoutIds(await canonicalDump(h.db))),
    );
    for (const other of others) expect(other).toEqual(inOrder);
  });

  it("match the generator's truth for every player-round (R2 rows are round 2 alone) and pairing", async () => {
    const db = (handles[1] as DatabaseHandle).db;
    for (const round of corpus.truth.rounds) {
      const [found] = await roundIdsByFileName(db, DEFAULT_COMMUNITY_ID, round.file);
      const [view] = await roundViews(db, DEFAULT_COMMUNITY_ID, [(found as { id: number }).id]);
      expect(view?.match ?? null, round.file).toBe(round.match);
      if (round.players === null) {
        expect(view?.players, round.file).toBeNull();
        continue;
      }
      for (const [guid, want] of Object.entries(round.players)) {
        const got = view?.players?.[guid];
        expect(
          {
            kills: got?.kills,
            deaths: got?.deaths,
            damage: got?.damage_given,
            xp: got?.xp,
            weapons: got?.weapons,
          },
          `${round.file} ${guid}`,
        ).toEqual({
          kills: want.kills,
          deaths: want.deaths,
          damage: want.damage_given,
          xp: want.xp,
          weapons: want.weapons,
        });
      }
    }
  });
});
