import type { ReadResult } from '../../stats/round.ts';
import type { FileStatus } from '../../schema/ingest.ts';

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
      /** These bytes, or a copy equal to them once normalised (CRLF, blanks), were stored before. */
      readonly status: 'duplicate';
      readonly fileId: number;
      readonly previous: FileStatus;
    }
  | {
      readonly status: 'quarantined';
      readonly fileId: number;
      readonly line: number;
      readonly reason: string;
    }
  | {
      /**
       * Another copy of a stored name with other content: kept and reported, not read, because the copy
       * the round is read from is the better one (readable, else longer, else the lower SHA-256).
       */
      readonly status: 'conflict';
      readonly fileId: number;
      /** The copy the round is read from (or that stays quarantined). */
      readonly keptFileId: number;
      /** Set when this copy is unreadable itself. */
      readonly line?: number;
      readonly reason?: string;
    }
  | {
      /** An endstats companion, kept with the round of the same stem (whenever that arrives). */
      readonly status: 'companion';
      readonly fileId: number;
      readonly roundFileName: string;
      /** False when these bytes (normalised) were stored before. */
      readonly stored: boolean;
    }
  | {
      /** A file that is not a round and of no use (`_ws.txt`, another suffix): nothing stored. */
      readonly status: 'skipped';
      readonly reason: string;
    };

/**
 * An outcome with the importer's own reading of the bytes (what was stored), for a caller that compares
 * it with another reading: the file is then read once.
 */
export interface ImportWithReading {
  readonly outcome: ImportOutcome;
  /** Null for a file that is not read as a round (a companion, a skipped file). */
  readonly reading: ReadResult | null;
}

export interface ImportSettings {
  /** The longest break between two rounds of one gaming session. (A server's clock zone is on its row.) */
  readonly sessionGapMinutes: number;
}
