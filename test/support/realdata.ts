import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SHARED_CORPUS } from './corpus.ts';

/**
 * Round files written by a real ET:Legacy server (`../shared/realdata`, beside the sample corpus;
 * ETSTATS_REALDATA_DIR points elsewhere), with their CRLF copies, a companion file and what
 * STATS_FORMAT.md gives for them (`expected.json`). Tests read them in place: they are never copied
 * into the repository.
 */
export const REALDATA_DIR =
  process.env.ETSTATS_REALDATA_DIR ?? join(dirname(SHARED_CORPUS), 'realdata');

export interface RealFile {
  /** Where it sits under REALDATA_DIR: `stats/…`, `crlf/…` or `companions/…`. */
  readonly path: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A player's figures for one round alone: numbers, null where the file does not tell. */
export type ExpectedPlayer = Record<string, unknown> & {
  readonly name: string;
  readonly weapons: Record<string, Record<string, number>>;
};

export interface ExpectedRound {
  readonly file: string;
  readonly map: string;
  readonly round: 1 | 2;
  readonly match: string | null;
  readonly orphan?: boolean;
  readonly defender: number;
  readonly winner: number;
  readonly timelimit: string;
  readonly duration_s: number | null;
  readonly duration_source: string | null;
  readonly legacy_header: boolean;
  readonly empty: boolean;
  readonly ext_fields: number[];
  readonly bullets_known: boolean;
  readonly r2_per_round?: boolean | null;
  readonly map_score?: { first_attackers: number; first_defenders: number };
  readonly players: Record<string, ExpectedPlayer> | null;
}

export interface Expected {
  readonly rounds: ExpectedRound[];
  readonly sessions: { rounds: string[]; players: string[] }[];
  readonly duplicates: Record<string, string>;
  readonly conflicts: Record<string, unknown>;
  readonly companions: Record<string, string | null>;
  readonly malformed: string[];
}

export const realDataAvailable = () => existsSync(join(REALDATA_DIR, 'expected.json'));

export function loadExpected(): Expected {
  return JSON.parse(readFileSync(join(REALDATA_DIR, 'expected.json'), 'utf8')) as Expected;
}

function filesIn(folder: 'stats' | 'crlf' | 'companions'): RealFile[] {
  const dir = join(REALDATA_DIR, folder);
  return readdirSync(dir)
    .sort()
    .map((name) => ({
      path: `${folder}/${name}`,
      name,
      bytes: new Uint8Array(readFileSync(join(dir, name))),
    }));
}

/** The round files as the server wrote them (LF). */
export const realRoundFiles = () => filesIn('stats');
/** CRLF copies of some of them (a Windows backup): each is the same round again. */
export const realCrlfCopies = () => filesIn('crlf');
/** `-endstats.txt` companions: not rounds. */
export const realCompanions = () => filesIn('companions');
