import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { corpusFiles } from '../../test/support/corpus.ts';
import { openPglite, type PgliteHandle } from '../../worker/db/pglite.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { openServedPglite } from './open-database.ts';
import { type PgliteServer, servePglite } from './pglite-server.ts';

let local: PgliteHandle;
let server: PgliteServer;
let serverId: number;

beforeAll(async () => {
  local = await openPglite();
  const [row] = await local.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'local' })
    .returning();
  serverId = (row as { id: number }).id;
  server = await servePglite(local.client);
});
afterAll(async () => {
  await server?.close();
  await local?.close();
});

describe('a script on the database `npm start` serves', () => {
  it('imports again in a second run: its connections share PGlite’s one backend and its statement names', async () => {
    const files = corpusFiles().slice(0, 4);
    for (const run of [files.slice(0, 2), files.slice(2)]) {
      const handle = openServedPglite(server.url);
      try {
        for (const file of run) {
          const outcome = await importStatsFile(
            handle.db,
            { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
            { sessionGapMinutes: 60 },
          );
          expect(outcome.status).toBe('imported');
        }
      } finally {
        await handle.close();
      }
    }
  });
});
