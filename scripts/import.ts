// `npm run import -- DIR [--server NAME] [--community SLUG] [--time-zone ZONE]`: imports a folder of round files into the
// local database (or DATABASE_URL) through the canonical importer, and says what happened to each file.
// The session gap defaults to SESSION_GAP_MINUTES, seasons follow SEASONS. A new game server's clock zone
// is --time-zone, else SERVER_TIME_ZONE, else UTC; an existing server keeps its own (another is refused).
import { parseArgs } from 'node:util';
import { recomputeAll } from '../worker/recompute/index.ts';
import { communityBySlug } from '../worker/queries/communities.ts';
import { ensureGameServer, givenTimeZone, importFolder } from './lib/import-folder.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

const usage =
  'usage: npm run import -- DIR [--server NAME] [--community SLUG] [--time-zone ZONE] [--session-gap MINUTES]';

async function main() {
  const settings = readScriptSettingsOrExit();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string', default: 'local' },
      community: { type: 'string', default: 'default' },
      'time-zone': { type: 'string' },
      'session-gap': { type: 'string', default: String(settings.sessionGapMinutes) },
    },
  });
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new Error(usage);
  const gap = Number(values['session-gap']);
  if (!(gap > 0))
    throw new Error(
      `--session-gap must be a positive number of minutes, got "${values['session-gap']}"`,
    );
  const handle = await openScriptDatabase(settings.databaseUrl);
  try {
    const community = await communityBySlug(handle.db, values.community as string);
    if (!community)
      throw new Error(
        `no community "${values.community}": create it with npm run community -- create`,
      );
    console.log(
      `Importing ${dir} into ${handle.where}, as game server "${values.server}" of "${community.slug}"`,
    );
    const serverId = await ensureGameServer(
      handle.db,
      { communityId: community.id, name: values.server as string },
      givenTimeZone(values['time-zone'], settings),
    );
    const report = await importFolder(
      handle.db,
      dir,
      serverId,
      { sessionGapMinutes: gap },
      (name, outcome) => {
        if (outcome.status === 'imported')
          console.log(
            `  imported     ${name}  (round ${outcome.round} of ${outcome.map}${outcome.matchId ? `, match ${outcome.matchId}` : ', no R1 yet'})`,
          );
        else if (outcome.status === 'duplicate')
          console.log(`  duplicate    ${name}  (already stored, ${outcome.previous})`);
        else if (outcome.status === 'quarantined')
          console.log(`  quarantined  ${name}  line ${outcome.line}: ${outcome.reason}`);
        else if (outcome.status === 'conflict')
          console.log(
            `  conflict     ${name}  (another copy of this name differs; the round is read from file ${outcome.keptFileId})`,
          );
        else if (outcome.status === 'companion')
          console.log(`  companion    ${name}  (kept with ${outcome.roundFileName})`);
      },
      (name, reason) => console.log(`  failed       ${name}  (${reason}; nothing stored)`),
    );
    for (const s of report.skipped) console.log(`  skipped      ${s.file}  (${s.why})`);
    if (report.imported.length > 0) {
      const recompute = await recomputeAll(
        handle.db,
        { sessionGapMinutes: gap, seasons: settings.seasons },
        new Date(),
      );
      console.log(
        `Recomputed ${recompute.sessions} sessions and ${recompute.periods} leaderboard periods.`,
      );
    }
    console.log(
      `\n${report.imported.length} imported, ${report.duplicates.length} skipped as duplicate, ` +
        `${report.quarantined.length} quarantined, ${report.skipped.length} not round files` +
        (report.failed.length > 0
          ? `, ${report.failed.length} failed (import the folder again to retry them).`
          : '.'),
    );
    if (report.failed.length > 0) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  // One short line: drizzle's message goes on with every SQL parameter (a file's bytes: kilobytes).
  const line = (e: unknown) => {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    return first.length > 300 ? `${first.slice(0, 299)}…` : first;
  };
  const cause =
    error instanceof Error && error.cause instanceof Error
      ? `\n  caused by: ${line(error.cause)}`
      : '';
  console.error(`${line(error)}${cause}`);
  process.exitCode = 1;
});
