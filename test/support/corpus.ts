import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared sample corpus (../shared/corpus): 188 round files and the figures a correct reader must get. */
export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/stats', import.meta.url));
const TRUTH_PATH = fileURLToPath(new URL('../../../shared/corpus/truth.json', import.meta.url));

export interface TruthWeapon {
  hits: number;
  shots: number;
  kills: number;
  deaths: number;
  headshots: number;
}

export interface TruthPlayer extends Record<string, unknown> {
  name: string;
  team: number;
  bot: boolean;
  joined_in_r2?: boolean;
  reconnected?: boolean;
  left_early?: boolean;
  time_played_min: number;
  time_dead_min: number;
  weapons: Record<string, TruthWeapon>;
}

export interface TruthRound {
  file: string;
  map: string;
  round: 1 | 2;
  match: string | null;
  defender: number;
  winner: number;
  timelimit: string;
  duration_s: number;
  legacy_header: boolean;
  orphan?: boolean;
  cumulative_as_written?: boolean;
  map_score?: { first_attackers: number; first_defenders: number };
  players: Record<string, TruthPlayer> | null;
}

export interface Truth {
  rounds: TruthRound[];
  sessions: { rounds: string[]; players: string[] }[];
  players: Record<string, { names: string[]; bot: boolean }>;
  malformed: string[];
}

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
  'kills', 'deaths', 'damage_given', 'damage_received', 'team_damage_given', 'team_damage_received', 'gibs',
  'self_kills', 'team_kills', 'team_gibs', 'xp', 'killing_spree', 'death_spree', 'kill_assists', 'kill_steals',
  'headshot_kills', 'headshot_hits', 'objectives_stolen', 'objectives_returned', 'dynamites_planted',
  'dynamites_defused', 'times_revived', 'useful_kills', 'denied_playtime', 'multikill_2x', 'multikill_3x',
  'multikill_4x', 'multikill_5x', 'multikill_6x', 'useless_kills', 'full_selfkills', 'repairs_constructions',
  'revives_given', 'shots', 'hits',
] as const;
export const TRUTH_MINUTE_KEYS = ['time_played_min', 'time_dead_min'] as const;
