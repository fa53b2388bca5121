/**
 * What the Worker answers to `POST /ingest`, as game servers receive it. These shapes are the wire, not
 * the importer's outcome: the route copies each field over, so a change inside the importer cannot
 * change what an agent reads.
 */

/** 201: the file was read and its round stored. */
export interface IngestImported {
  readonly status: 'imported';
  readonly fileId: number;
  readonly roundId: number;
  /** The match (R1 + R2 of one map) the round belongs to; null for an orphan R2. */
  readonly matchId: number | null;
  readonly round: 1 | 2;
  readonly map: string;
  /** Set when the agent's parse differs from the Worker's (the Worker's, from the raw bytes, was stored). */
  readonly disagreement?: string;
}

/** 200: this game server sent these exact bytes before; nothing was stored again. */
export interface IngestDuplicate {
  readonly status: 'duplicate';
  readonly fileId: number;
  readonly previous: 'imported' | 'quarantined';
}

/** 422: the bytes could not be read; they are kept in quarantine with the line and the reason. */
export interface IngestQuarantined {
  readonly status: 'quarantined';
  readonly fileId: number;
  readonly line: number;
  readonly reason: string;
  /** Set when the agent's parse differs from the Worker's. */
  readonly disagreement?: string;
}

/** The Worker has the file: the agent is done with it. */
export type IngestDelivered = IngestImported | IngestDuplicate | IngestQuarantined;

/** 400, 401, 413 or 503 (with `retryAfterS` and a `Retry-After` header): the file was not taken. */
export interface IngestError {
  readonly error: string;
  readonly retryAfterS?: number;
}

/** Every JSON body `POST /ingest` answers. */
export type IngestResponse = IngestDelivered | IngestError;
