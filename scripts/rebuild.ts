// `npm run rebuild`: re-derives every round, match, session and figure from the stored raw files (local
// database, or DATABASE_URL). Non-destructive: raw files stay, and a failure leaves the previous answers.
// Sessions and seasons follow SESSION_GAP_MINUTES and SEASONS, as in the Worker and `npm run import`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../worker/db/database.ts';
import { rebuildFromRawFiles } from '../worker/importer/rebuild.ts';
import { type RecomputeSettings, recomputeAll } from '../worker/recompute/index.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

/** Re-derives `db` from its raw files, then recomputes everything with `settings`; says what it did. */
export async function runRebuild(
  db: Database,
  settings: RecomputeSettings,
  out: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const report = await rebuildFromRawFiles(db, settings);
  out(
    `${report.files} files re-read: ${report.rounds} rounds, ${report.quarantined} quarantined, in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  for (const change of report.changedStatus) out(`  status changed: ${change}`);
  const recompute = await recomputeAll(db, settings, new Date());
  out(`Recomputed ${recompute.sessions} sessions and ${recompute.periods} leaderboard periods.`);
}

async function main() {
  const settings = readScriptSettingsOrExit();
  const handle = await openScriptDatabase(settings.databaseUrl);
  try {
    console.log(`Rebuilding ${handle.where} from its stored raw files ...`);
    await runRebuild(
      handle.db,
      { sessionGapMinutes: settings.sessionGapMinutes, seasons: settings.seasons },
      (line) => console.log(line),
    );
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
