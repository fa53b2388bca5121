import type { ReadResult } from '../../stats/round.ts';

/** One file handed to the canonical importer (ingest, backfill, `npm run import` and rebuild all use it). */
export interface StatsUpload {
  readonly serverId: number;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly receivedAt: Date;
}

export type ImportOutcome =
  | {
      readonly status: 'imported';
      readonly fileId: number;
      readonly roundId: number;
      /** The match (R1 + R2 of one map) the round belongs to; null for an orphan R2. */
      readonly matchId: number | null;
      readonly round: 1 | 2;
      readonly map: string;
    }
  | {
      readonly status: 'duplicate';
      readonly fileId: number;
      readonly previous: 'imported' | 'quarantined';
    }
  | {
      readonly status: 'quarantined';
      readonly fileId: number;
      readonly line: number;
      readonly reason: string;
    };

/**
 * An outcome with the importer's own reading of the bytes (what was stored), for a caller that compares
 * it with another reading: the file is then read once.
 */
export interface ImportWithReading {
  readonly outcome: ImportOutcome;
  readonly reading: ReadResult;
}

export interface ImportSettings {
  /** The longest break between two rounds of one gaming session. (A server's clock zone is on its row.) */
  readonly sessionGapMinutes: number;
}
