import { fileKind } from '../stats/file-kind.ts';
import { gzipSync } from 'node:zlib';
import { readStatsFile } from '../stats/read.ts';
import { isStatsLuaFileName } from '../stats/stats-lua/file-name.ts';
import type { SigningKey } from '../ingest-protocol/keys.ts';
import { signFileUpload } from '../ingest-protocol/sign.ts';

/** What one upload attempt came to, from the agent's side. */
export type UploadResult =
  /**
   * The Worker has the file (imported, duplicate, conflicting copy, endstats companion, or kept in
   * quarantine): done.
   */
  | {
      readonly kind: 'delivered';
      readonly httpStatus: number;
      readonly response: Record<string, unknown>;
    }
  /**
   * The Worker will never take this request as it is (400 malformed, 413 too large, 422 without a
   * status: not a round file, not kept): retrying cannot help.
   */
  | { readonly kind: 'refused'; readonly httpStatus: number; readonly reason: string }
  /**
   * Try again later: network, timeout, 5xx, 429, and also what an admin fixes without touching the
   * file: 401 (key not registered yet, clock off), 404 (wrong URL, route not deployed yet), a redirect.
   */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number };

export interface UploadTarget {
  /** The Worker's ingest URL, e.g. https://etstats.example.workers.dev/ingest */
  readonly url: string;
  readonly keys: readonly SigningKey[];
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  /** The bearer token of this server's stats.lua JSON (`npm run server -- add-token`); absent: none sent. */
  readonly statsLuaToken?: string;
}

/**
 * Answers that mean this request can never succeed; everything else is worth retrying. A 422 that
 * carries a `status` is a quarantine (delivered); one with only an `error` is the Worker refusing a
 * file that is not a round (a companion it has no use for): sending it again changes nothing.
 */
const FINAL = new Set([400, 413, 415, 422]);

/** Where stats.lua JSON goes: `/ingest/stats-lua` beside the agent's `/ingest`. */
export const statsLuaUrl = (ingestUrl: string) => `${ingestUrl.replace(/\/+$/, '')}/stats-lua`;

/**
 * A dumped stats.lua round goes where stats.lua itself would send it, gzipped with the server's bearer
 * token: a round with its event log is several MiB, past what a signed upload carries.
 */
function statsLuaRequest(target: UploadTarget, bytes: Uint8Array) {
  return {
    url: statsLuaUrl(target.url),
    headers: {
      authorization: `Bearer ${target.statsLuaToken}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    },
    body: new Uint8Array(gzipSync(bytes)),
  };
}

/** The agent's reading of a file, sent along: a round's parse; null for a companion or an unreadable file. */
function localParse(file: { fileName: string; bytes: Uint8Array }) {
  if (fileKind(file.fileName).kind === 'endstats') return null;
  const read = readStatsFile(file.fileName, file.bytes);
  return read.ok ? read.round : null;
}

/** Reads the file locally (its parse travels with it), signs it, sends it, and classifies the answer. */
export async function uploadFile(
  target: UploadTarget,
  file: { fileName: string; bytes: Uint8Array },
  now: Date,
): Promise<UploadResult> {
  const statsLua = isStatsLuaFileName(file.fileName);
  if (statsLua && !target.statsLuaToken)
    // What an admin fixes without touching the file, as a 401 is: kept and tried again.
    return {
      kind: 'retry',
      reason:
        'a stats.lua round: set "statsLuaToken" in the config to the token `npm run server -- add-token` printed',
      retryAfterMs: 60_000,
    };
  const request = statsLua
    ? statsLuaRequest(target, file.bytes)
    : {
        url: target.url,
        ...(await signFileUpload({ ...file, parsed: localParse(file), keys: target.keys, now })),
      };
  let response: Response;
  let text: string;
  try {
    response = await target.fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      // A redirect would turn the POST into a GET; report it instead of following it.
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut =
      error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      kind: 'retry',
      reason: timedOut ? `no answer within ${target.timeoutMs} ms` : `network: ${describe(error)}`,
      retryAfterMs: 0,
    };
  }
  const json = parseObject(text);
  const location = response.headers.get('location');
  const detail = location
    ? `redirects to ${location}; set "url" to the final address`
    : typeof json?.error === 'string'
      ? json.error
      : text.slice(0, 200) || response.statusText;
  const reason = `HTTP ${response.status}: ${detail}`;
  if (
    (response.status === 200 || response.status === 201 || response.status === 422) &&
    typeof json?.status === 'string'
  ) {
    return { kind: 'delivered', httpStatus: response.status, response: json };
  }
  if (FINAL.has(response.status)) return { kind: 'refused', httpStatus: response.status, reason };
  return {
    kind: 'retry',
    reason,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now),
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now: Date): number {
  if (!header) return 0;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now.getTime());
}
