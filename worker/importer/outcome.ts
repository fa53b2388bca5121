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
  | { readonly status: 'duplicate'; readonly fileId: number; readonly previous: 'imported' | 'quarantined' }
  | { readonly status: 'quarantined'; readonly fileId: number; readonly line: number; readonly reason: string };

export interface ImportSettings {
  /** The game server clock's IANA zone (file names carry no zone). */
  readonly timeZone: string;
  readonly sessionGapMinutes: number;
}
