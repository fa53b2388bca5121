// A round whose player calls himself with characters that must never reach a message, a choice or
// a chart: a bidi override (U+202E) and isolate (U+2067), a C0 control (TAB: the only one a stats
// file may carry, the reader refuses the others), a C1 control (U+009B, the 8-bit CSI) and a
// zero-width space. It is the corpus's last adlernest map, a player's name changed, moved to the day after the
// corpus's last files so that it is a session of its own and the latest.
import { readFileSync } from 'node:fs';
import type { Database } from '../../worker/db/database.ts';
import { importStatsFile } from '../../worker/importer/import-file.ts';
import { CORPUS_DIR } from './corpus.ts';

export const UNSAFE_GUID = '6147DB98';
export const UNSAFE_NAME = '\u202ezero\tcool\u009b\u2067\u200b';
/** How every message, choice and chart must show it. */
export const UNSAFE_NAME_SHOWN = 'zero cool';
/** The characters of the name that must not be shown anywhere. */
export const UNSAFE_CHARACTERS = ['\u202e', '\t', '\u009b', '\u2067', '\u200b'];
/** After the files: recompute leaderboards and sessions "now". */
export const UNSAFE_ROUNDS_NOW = new Date('2025-12-20T12:00:00Z');

const SOURCES = [
  ['2025-10-13-203233-etl_adlernest-round-1.txt', '2025-12-18-203233-etl_adlernest-round-1.txt'],
  ['2025-10-13-204137-etl_adlernest-round-2.txt', '2025-12-18-204137-etl_adlernest-round-2.txt'],
] as const;

/** The two round files, written as the game server writes UTF-8 names. */
export function unsafeNameRounds(): { name: string; bytes: Uint8Array }[] {
  return SOURCES.map(([source, name]) => {
    const text = readFileSync(`${CORPUS_DIR}/${source}`, 'utf8');
    const changed = text.replace(/^6147DB98\\[^\\]*\\/m, `${UNSAFE_GUID}\\${UNSAFE_NAME}\\`);
    if (changed === text) throw new Error(`${source} has no line for ${UNSAFE_GUID}`);
    return { name, bytes: new TextEncoder().encode(changed) };
  });
}

/** Imports `files` into `serverId` (a corpus server: the corpus's settings); throws unless each is imported. */
export async function importRoundFiles(
  db: Database,
  serverId: number,
  files: { name: string; bytes: Uint8Array }[],
  receivedAt: Date,
): Promise<void> {
  for (const file of files) {
    const outcome = await importStatsFile(
      db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt },
      { sessionGapMinutes: 60 },
    );
    if (outcome.status !== 'imported')
      throw new Error(`${file.name} was not imported: ${JSON.stringify(outcome)}`);
  }
}

/** Imports both files into `serverId` (a corpus server: the corpus's settings). */
export function importUnsafeNameRounds(db: Database, serverId: number): Promise<void> {
  return importRoundFiles(db, serverId, unsafeNameRounds(), UNSAFE_ROUNDS_NOW);
}

/** Every string anywhere in a JSON-like value that holds one of the unsafe characters. */
export function unsafeStrings(value: unknown): string[] {
  if (typeof value === 'string')
    return UNSAFE_CHARACTERS.some((c) => value.includes(c)) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(unsafeStrings);
  if (value !== null && typeof value === 'object')
    return Object.values(value as Record<string, unknown>).flatMap(unsafeStrings);
  return [];
}

/** Every string anywhere in a JSON-like value, for "is the player shown at all". */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object')
    return Object.values(value as Record<string, unknown>).flatMap(allStrings);
  return [];
}
