import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findSharedCorpus } from '../../scripts/lib/shared-corpus.ts';
import type { Truth } from '../../generator/truth.ts';

/**
 * The shared sample corpus: 188 round files and the figures a correct reader must get. It lives in
 * `../shared/corpus` beside the repository (or beside the checkout a clone was made from);
 * ETSTATS_CORPUS_DIR points elsewhere.
 */
export const SHARED_CORPUS =
  findSharedCorpus() ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
export const CORPUS_DIR = `${SHARED_CORPUS}/stats`;
const TRUTH_PATH = `${SHARED_CORPUS}/truth.json`;

export type {
  Truth,
  TruthPlayer,
  TruthRound,
  TruthSession,
  TruthWeapon,
} from '../../generator/truth.ts';

export function loadTruth(): Truth {
  return JSON.parse(readFileSync(TRUTH_PATH, 'utf8')) as Truth;
}

export function corpusFiles(): { name: string; bytes: Uint8Array }[] {
  return readdirSync(CORPUS_DIR)
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${CORPUS_DIR}/${name}`)) }));
}

/** Integer figures compared exactly with truth.json (minutes are compared within 0.1). */
export const TRUTH_INTEGER_KEYS = [
  'kills',
  'deaths',
  'damage_given',
  'damage_received',
  'team_damage_given',
  'team_damage_received',
  'gibs',
  'self_kills',
  'team_kills',
  'team_gibs',
  'xp',
  'killing_spree',
  'death_spree',
  'kill_assists',
  'kill_steals',
  'headshot_kills',
  'headshot_hits',
  'objectives_stolen',
  'objectives_returned',
  'dynamites_planted',
  'dynamites_defused',
  'times_revived',
  'useful_kills',
  'denied_playtime',
  'multikill_2x',
  'multikill_3x',
  'multikill_4x',
  'multikill_5x',
  'multikill_6x',
  'useless_kills',
  'full_selfkills',
  'repairs_constructions',
  'revives_given',
  'shots',
  'hits',
] as const;
export const TRUTH_MINUTE_KEYS = ['time_played_min', 'time_dead_min'] as const;
