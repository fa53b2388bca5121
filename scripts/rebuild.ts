// `npm run rebuild`: re-derives every round, match, session and figure from the stored raw files (local
// database, or DATABASE_URL). Non-destructive: raw files stay, and a failure leaves the previous answers.
import { QUARTERS } from '../stats/seasons.ts';
import { rebuildFromRawFiles } from '../worker/importer/rebuild.ts';
import { recomputeAll } from '../worker/recompute/index.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

async function main() {
  const { databaseUrl, sessionGapMinutes } = readScriptSettingsOrExit();
  const handle = await openScriptDatabase(databaseUrl);
  try {
    console.log(`Rebuilding ${handle.where} from its stored raw files ...`);
    const started = performance.now();
    const settings = {
      sessionGapMinutes,
      seasons: QUARTERS,
    };
    const report = await rebuildFromRawFiles(handle.db, settings);
    console.log(
      `${report.files} files re-read: ${report.rounds} rounds, ${report.quarantined} quarantined, in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    for (const change of report.changedStatus) console.log(`  status changed: ${change}`);
    const recompute = await recomputeAll(handle.db, settings, new Date());
    console.log(
      `Recomputed ${recompute.sessions} sessions and ${recompute.periods} leaderboard periods.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
