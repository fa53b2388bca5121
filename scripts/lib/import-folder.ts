import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gameServers } from '../../schema/index.ts';
import type { Database } from '../../worker/db/database.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { checkTimeZone } from '../../stats/clock.ts';
import { fileKind } from '../../stats/file-kind.ts';
import type { ImportOutcome, ImportSettings } from '../../worker/importer/outcome.ts';
import { shortDatabaseError } from '../../worker/importer/refusal.ts';
import type { ScriptSettings } from './settings.ts';

export interface FolderImportReport {
  imported: string[];
  duplicates: string[];
  quarantined: { file: string; line: number; reason: string }[];
  /** Another copy of a stored name with other content: kept, the round read from the better copy. */
  conflicts: { file: string; keptFileId: number }[];
  /** Endstats companions, kept with their round. */
  companions: string[];
  skipped: { file: string; why: string }[];
  /** Files the importer failed on (the database was unavailable, a bug): nothing of them is stored. */
  failed: { file: string; reason: string }[];
}

/** A zone given for an import, and where it was given (`--time-zone`, `SERVER_TIME_ZONE`). */
export interface GivenTimeZone {
  readonly zone: string;
  readonly setting: string;
}

/** The zone `npm run import` is given: `--time-zone`, else SERVER_TIME_ZONE when set, else none. */
export function givenTimeZone(
  flag: string | undefined,
  settings: Pick<ScriptSettings, 'serverTimeZone' | 'workerVars'>,
): GivenTimeZone | undefined {
  if (flag !== undefined) return { zone: flag, setting: '--time-zone' };
  if (settings.workerVars.SERVER_TIME_ZONE !== undefined)
    return { zone: settings.serverTimeZone, setting: 'SERVER_TIME_ZONE' };
  return undefined;
}

/**
 * The game server files are imported for, registered (without keys) when it is new, in the zone given
 * (else UTC). A server that exists keeps its zone: another one given is refused rather than ignored,
 * since every file would be dated in the wrong zone (changing it re-times the server's rounds).
 */
export async function ensureGameServer(
  db: Database,
  server: { readonly communityId: number; readonly name: string },
  given?: GivenTimeZone,
): Promise<number> {
  const { communityId, name } = server;
  const checked = given ? checkTimeZone(given.zone, given.setting) : undefined;
  if (checked && !checked.ok) throw new Error(checked.reason);
  const timeZone = checked?.zone ?? 'UTC';
  await db.insert(gameServers).values({ communityId, name, timeZone }).onConflictDoNothing();
  const row = await db.query.gameServers.findFirst({
    where: (s, { and, eq }) => and(eq(s.communityId, communityId), eq(s.name, name)),
  });
  if (!row) throw new Error(`could not register game server "${name}"`);
  if (given && row.timeZone !== timeZone)
    throw new Error(
      `game server "${name}" keeps its clock in ${row.timeZone}, but ${given.setting} says ${timeZone}. ` +
        `To change the server's zone (and re-time its rounds), run: npm run server -- set-time-zone "${name}" ${timeZone}; ` +
        `to import in the zone it has, pass --time-zone ${row.timeZone}.`,
    );
  return row.id;
}

/** Which files of a folder are imported, and why the others are left alone (quietly). */
export function classify(name: string): string | null {
  if (!name.endsWith('.txt')) return 'not a .txt file';
  const kind = fileKind(name);
  return kind.kind === 'skipped' ? kind.reason : null;
}

/**
 * Imports every round file of `dir` through the canonical importer, oldest name first, reporting each
 * outcome to `onFile` as it goes. Unreadable files are quarantined by the importer (kept, with a reason);
 * a file the importer fails on is reported to `onFailure` in one short line and the rest go on.
 */
export async function importFolder(
  db: Database,
  dir: string,
  serverId: number,
  settings: ImportSettings,
  onFile: (name: string, outcome: ImportOutcome) => void = () => {},
  onFailure: (name: string, reason: string) => void = () => {},
): Promise<FolderImportReport> {
  const report: FolderImportReport = {
    imported: [],
    duplicates: [],
    quarantined: [],
    conflicts: [],
    companions: [],
    skipped: [],
    failed: [],
  };
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const why = classify(name);
    if (why) {
      report.skipped.push({ file: name, why });
      continue;
    }
    const bytes = new Uint8Array(await readFile(path));
    let outcome: ImportOutcome;
    try {
      outcome = await importStatsFile(
        db,
        { serverId, fileName: name, bytes, receivedAt: new Date() },
        settings,
      );
    } catch (error) {
      const reason = shortDatabaseError(error);
      report.failed.push({ file: name, reason });
      onFailure(name, reason);
      continue;
    }
    onFile(name, outcome);
    switch (outcome.status) {
      case 'imported':
        report.imported.push(name);
        break;
      case 'duplicate':
        report.duplicates.push(name);
        break;
      case 'quarantined':
        report.quarantined.push({ file: name, line: outcome.line, reason: outcome.reason });
        break;
      case 'conflict':
        report.conflicts.push({ file: name, keptFileId: outcome.keptFileId });
        break;
      case 'companion':
        report.companions.push(name);
        break;
      case 'skipped':
        report.skipped.push({ file: name, why: outcome.reason });
    }
  }
  return report;
}
