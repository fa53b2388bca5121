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

/**
 * 200: this game server sent this file before (the same bytes, or the same once CR before LF, blanks at
 * line ends and empty lines at the end are set aside); nothing was stored again.
 */
export interface IngestDuplicate {
  readonly status: 'duplicate';
  readonly fileId: number;
  readonly previous: 'imported' | 'quarantined' | 'conflict' | 'duplicate';
}

/**
 * 200: the server already sent a file of this name with other content. This copy is kept and reported,
 * but the round is read from the better copy (`keptFileId`: readable, else longer, else lower SHA-256).
 */
export interface IngestConflict {
  readonly status: 'conflict';
  readonly fileId: number;
  readonly keptFileId: number;
  /** Set when this copy is unreadable itself. */
  readonly line?: number;
  readonly reason?: string;
}

/** 201: an endstats companion (`…-round-N-endstats.txt`), kept with its round whenever that arrives. */
export interface IngestCompanion {
  readonly status: 'companion';
  readonly fileId: number;
  readonly roundFileName: string;
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
export type IngestDelivered =
  | IngestImported
  | IngestDuplicate
  | IngestQuarantined
  | IngestConflict
  | IngestCompanion;

/**
 * 400, 401, 413, 422 (a file that is not a round, such as `…_ws.txt`: not kept, not quarantined: the agent
 * does not send them) or 503 (with `retryAfterS` and a `Retry-After` header): the file was not taken.
 */
export interface IngestError {
  readonly error: string;
  readonly retryAfterS?: number;
}

/** Every JSON body `POST /ingest` answers. */
export type IngestResponse = IngestDelivered | IngestError;
