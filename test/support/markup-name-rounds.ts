// Two players whose names are markup, for the website's escaping: one calls himself a script tag, the
// other an image tag with an event handler wrapped in colour codes and an entity. They are copies of the
// corpus's last adlernest map (R1 and R2) moved to the day after the corpus's last files, so they form a
// session of their own and the latest; every other figure of the copies is the corpus's, so what a page
// must show for them is truth.json's rounds counted twice.
import { readFileSync } from 'node:fs';
import type { Database } from '../../worker/db/database.ts';
import { CORPUS_DIR } from './corpus.ts';
import { importRoundFiles } from './unsafe-name-rounds.ts';

export const SCRIPT_GUID = '6147DB98';
export const SCRIPT_NAME = '<script>alert(1)</script>';
export const COLOUR_GUID = '20B6A846';
export const COLOUR_NAME = '^1<img src=x onerror=alert(2)>^7&amp;';
/** The colour-coded name as a page must show it: the codes dropped, every other character as text. */
export const COLOUR_NAME_SHOWN = '<img src=x onerror=alert(2)>&amp;';
/** After the files: recompute leaderboards and sessions "now". */
export const MARKUP_ROUNDS_NOW = new Date('2025-12-21T12:00:00Z');

/** The corpus files copied, and the copies' names. */
export const MARKUP_SOURCES = [
  ['2025-10-13-203233-etl_adlernest-round-1.txt', '2025-12-19-203233-etl_adlernest-round-1.txt'],
  ['2025-10-13-204137-etl_adlernest-round-2.txt', '2025-12-19-204137-etl_adlernest-round-2.txt'],
] as const;

function renamed(text: string, guid: string, name: string, source: string): string {
  const changed = text.replace(new RegExp(`^${guid}\\\\[^\\\\]*\\\\`, 'm'), `${guid}\\${name}\\`);
  if (changed === text) throw new Error(`${source} has no line for ${guid}`);
  return changed;
}

/** The two round files, written as the game server writes UTF-8 names. */
export function markupNameRounds(): { name: string; bytes: Uint8Array }[] {
  return MARKUP_SOURCES.map(([source, name]) => {
    const text = readFileSync(`${CORPUS_DIR}/${source}`, 'utf8');
    const changed = renamed(
      renamed(text, SCRIPT_GUID, SCRIPT_NAME, source),
      COLOUR_GUID,
      COLOUR_NAME,
      source,
    );
    return { name, bytes: new TextEncoder().encode(changed) };
  });
}

/** Imports both files into `serverId` (a corpus server: the corpus's settings). */
export function importMarkupNameRounds(db: Database, serverId: number): Promise<void> {
  return importRoundFiles(db, serverId, markupNameRounds(), MARKUP_ROUNDS_NOW);
}
