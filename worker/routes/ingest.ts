/**
 * `POST /ingest`: a game server's agent pushes one round file, signed with its Ed25519 key
 * (protocol: ingest-protocol/). Every outcome is JSON:
 * 201 imported or a companion kept · 200 duplicate or conflicting copy · 422 unreadable (kept in
 * quarantine), or not a round file (not kept) · 400 malformed request ·
 * 401 refused signature · 413 too large · 503 database unavailable (with Retry-After).
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sha256Hex } from '../../stats/file-id.ts';
import type { AppDeps, AppEnv } from '../app.ts';
import type { Database } from '../db/database.ts';
import { importStatsFileWithReading } from '../importer/import-file.ts';
import type { ImportOutcome, ImportWithReading } from '../importer/outcome.ts';
import { describeDisagreement } from '../ingest/disagreement.ts';
import {
  type IngestBody,
  MAX_BODY_BYTES,
  MAX_FILE_BYTES,
  fromBase64,
  isPlainFileName,
} from '../../ingest-protocol/protocol.ts';
import { lookupIngestKeys } from '../ingest/registry.ts';
import type { IngestDelivered, IngestResponse } from '../../ingest-protocol/response.ts';
import { type Verification, verifyIngestSignature } from '../ingest/verify.ts';
import { readBodyWithin } from './limited-body.ts';

/** A newly stored file (never a duplicate): what the post-import hooks get. */
export type StoredOutcome = Exclude<ImportOutcome, { status: 'duplicate' | 'skipped' }>;

export interface AfterImportContext {
  readonly db: Database;
  readonly deps: AppDeps;
  readonly server: { readonly id: number; readonly name: string; readonly timeZone: string };
  readonly fileName: string;
}

export interface IngestRouteOptions {
  /**
   * Runs after each newly stored file (imported or quarantined; never for a duplicate), in the
   * background: the response does not wait for it and its failure is only logged.
   */
  readonly afterImport?: (outcome: StoredOutcome, context: AfterImportContext) => Promise<void>;
}

/** Seconds the agent should wait before retrying when the database is unavailable. */
export const DATABASE_RETRY_AFTER_S = 5;

const STATUS_OF: Record<IngestDelivered['status'], ContentfulStatusCode> = {
  imported: 201,
  duplicate: 200,
  quarantined: 422,
  conflict: 200,
  companion: 201,
};

/** Mount with `app.route('/', ingestRoutes({ afterImport }))`. */
export function ingestRoutes(options: IngestRouteOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/ingest', async (c) => {
    const db = c.get('db');
    const deps = c.get('deps');
    const reply = (body: IngestResponse, status: ContentfulStatusCode) => c.json(body, status);
    const unavailable = (error: unknown) => {
      // drizzle wraps the driver's error in "Failed query: <sql>"; the driver's own message says what failed.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      console.error(
        JSON.stringify({
          event: 'ingest.database_unavailable',
          error: String(cause instanceof Error ? cause.message : cause).slice(0, 300),
        }),
      );
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
      return reply(
        { error: 'database unavailable; retry later', retryAfterS: DATABASE_RETRY_AFTER_S },
        503,
      );
    };

    // An oversized upload is read to its end before the 413, so it cannot break the next request.
    const read = await readBodyWithin(c.req.raw, MAX_BODY_BYTES);
    if (!read.ok) return reply({ error: `request body is over ${MAX_BODY_BYTES} bytes` }, 413);
    const body = read.bytes;
    let verified: Verification;
    try {
      verified = await verifyIngestSignature({
        headers: c.req.raw.headers,
        body,
        now: deps.now(),
        lookupKeys: lookupIngestKeys(db),
      });
    } catch (error) {
      return unavailable(error);
    }
    if (!verified.ok) return reply({ error: verified.reason }, verified.status);
    const { key, id } = verified;

    const upload = decodeBody(body);
    if (!upload.ok) return reply({ error: upload.reason }, 400);
    const { fileName, bytes, parsed } = upload;
    if (bytes.length > MAX_FILE_BYTES)
      return reply({ error: `file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}` }, 413);
    if ((await sha256Hex(bytes)) !== id)
      return reply({ error: 'webhook-id is not the SHA-256 of the file bytes in the body' }, 400);

    let imported: ImportWithReading;
    try {
      imported = await importStatsFileWithReading(
        db,
        { serverId: key.serverId, fileName, bytes, receivedAt: deps.now() },
        { sessionGapMinutes: deps.config.sessionGapMinutes },
      );
    } catch (error) {
      return unavailable(error);
    }
    const { outcome, reading } = imported;
    if (outcome.status === 'skipped')
      return reply(
        { error: `${fileName} is not a round file: ${outcome.reason}; it was not kept` },
        422,
      );
    if (outcome.status === 'duplicate') return reply(wireAnswer(outcome), STATUS_OF.duplicate);

    // The importer's own reading of the bytes: what was stored, and the file is read once.
    const disagreement = (reading && describeDisagreement(parsed, reading)) ?? undefined;
    if (disagreement) {
      console.error(
        JSON.stringify({
          event: 'ingest.disagreement',
          server: key.serverName,
          fileName,
          fileId: outcome.fileId,
          disagreement,
        }),
      );
    }
    if (options.afterImport) {
      const server = { id: key.serverId, name: key.serverName, timeZone: key.timeZone };
      c.get('background')(options.afterImport(outcome, { db, deps, server, fileName }));
    }
    return reply(wireAnswer(outcome, disagreement), STATUS_OF[outcome.status]);
  });
  return app;
}

/**
 * The answer a game server receives for an outcome, field by field: what the importer reports may grow
 * or change without the wire changing with it.
 */
function wireAnswer(
  outcome: Exclude<ImportOutcome, { status: 'skipped' }>,
  disagreement?: string,
): IngestDelivered {
  const noted = disagreement ? { disagreement } : {};
  switch (outcome.status) {
    case 'imported': {
      const { fileId, roundId, matchId, round, map } = outcome;
      return { status: 'imported', fileId, roundId, matchId, round, map, ...noted };
    }
    case 'duplicate':
      return { status: 'duplicate', fileId: outcome.fileId, previous: outcome.previous };
    case 'quarantined': {
      const { fileId, line, reason } = outcome;
      return { status: 'quarantined', fileId, line, reason, ...noted };
    }
    case 'conflict': {
      const { fileId, keptFileId, line, reason } = outcome;
      const unreadable = line !== undefined && reason !== undefined ? { line, reason } : {};
      return { status: 'conflict', fileId, keptFileId, ...unreadable };
    }
    case 'companion':
      return { status: 'companion', fileId: outcome.fileId, roundFileName: outcome.roundFileName };
  }
}

type DecodedBody =
  | { ok: true; fileName: string; bytes: Uint8Array; parsed: unknown }
  | { ok: false; reason: string };

function decodeBody(body: Uint8Array): DecodedBody {
  let json: Partial<Record<keyof IngestBody, unknown>>;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return { ok: false, reason: 'body is not JSON; expected {"fileName", "raw", "parsed"}' };
  }
  if (typeof json !== 'object' || json === null)
    return { ok: false, reason: 'body must be a JSON object' };
  const { fileName, raw, parsed } = json;
  if (typeof fileName !== 'string' || !isPlainFileName(fileName)) {
    return {
      ok: false,
      reason: 'fileName must be the file name alone (no directory), 1-255 characters',
    };
  }
  const bytes = typeof raw === 'string' ? fromBase64(raw) : null;
  if (!bytes) return { ok: false, reason: 'raw must be the file bytes in base64' };
  return { ok: true, fileName, bytes, parsed: parsed ?? null };
}
