// One site for every browser test file: the Worker in workerd over the sample corpus (as `npm start` wires
// it), plus the two rounds of players with markup names, recomputed. Starting it takes most of the suite's
// setup time, so the files share it; each test file opens its own Chromium.
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { ensureGameServer } from '../../scripts/lib/import-folder.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import { importMarkupNameRounds, MARKUP_ROUNDS_NOW } from '../support/markup-name-rounds.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The site's origin (the Worker in workerd). */
    siteUrl: string;
    /** The session id of every imported round file, by file name (to find a truth.json session's page). */
    sessionOfFile: Record<string, string>;
  }
}

let stack: LocalStack | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let sessionOfFile: Record<string, string> = {};
  stack = await startLocalStack(async (local) => {
    const serverId = await ensureGameServer(local.db, { communityId: 1, name: 'corpus' });
    await importMarkupNameRounds(local.db, serverId);
    await recomputeAll(local.db, { sessionGapMinutes: 60, seasons: QUARTERS }, MARKUP_ROUNDS_NOW);
    const rows = await rowsOf<{ file_name: string; session_id: string }>(
      local.db,
      sql`select f.file_name, r.session_id::text as session_id
          from rounds r join stats_files f on f.id = r.file_id where r.session_id is not null`,
    );
    sessionOfFile = Object.fromEntries(rows.map((row) => [row.file_name, row.session_id]));
  });
  project.provide('siteUrl', stack.worker.url);
  project.provide('sessionOfFile', sessionOfFile);
  return async () => {
    await stack?.stop();
    stack = undefined;
  };
}
