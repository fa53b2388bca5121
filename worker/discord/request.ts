/** How the REST client talks to Discord; every field has a default except what the caller must know. */
export interface RequestPolicy {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** Per attempt; a fetch to Discord can hang, and a Worker's waitUntil does not wait forever. */
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** A 429 asking us to wait longer than this is reported instead of waited out. */
  readonly maxRetryAfterMs: number;
  /** Wait before attempt `attempt + 1` after a 404/5xx/timeout. */
  readonly backoffMs: (attempt: number) => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: string | FormData;
  /** Sends `Authorization: Bot …`; webhook (interaction token) routes must not. */
  readonly botToken?: string;
  /** Interaction webhooks answer 404 for a moment right after a deferred response: retry those. */
  readonly retryNotFound?: boolean;
}

export type RestResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T; readonly attempts: number }
  | {
      readonly ok: false;
      readonly status: number | null;
      readonly reason: string;
      readonly attempts: number;
    };

/**
 * One Discord REST call with a timeout on every attempt and bounded retries: 429 waits `Retry-After`
 * (header or JSON `retry_after`), 5xx and (when asked) 404 back off and retry, a timeout or network
 * error is retried only for idempotent methods (a retried POST could post twice). 400/401/403 never retry.
 * Never throws.
 */
export async function sendDiscordRequest<T>(
  policy: RequestPolicy,
  spec: RequestSpec,
): Promise<RestResult<T>> {
  const idempotent = spec.method !== 'POST';
  const url = `${policy.baseUrl.replace(/\/+$/, '')}${spec.path}`;
  let lastFailure = 'no attempt made';
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    const more = attempt < policy.maxAttempts;
    let response: Response;
    let text: string;
    try {
      response = await policy.fetch(url, {
        method: spec.method,
        headers: requestHeaders(policy, spec),
        body: spec.body ?? null,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      lastStatus = null;
      lastFailure = isTimeout(error)
        ? `${spec.method} ${spec.path} timed out after ${policy.timeoutMs} ms`
        : `${spec.method} ${spec.path} failed: ${error instanceof Error ? error.message : String(error)}`;
      if (idempotent && more) {
        await policy.sleep(policy.backoffMs(attempt));
        continue;
      }
      return { ok: false, status: null, reason: lastFailure, attempts: attempt };
    }
    const status = response.status;
    lastStatus = status;
    if (status >= 200 && status < 300) {
      return {
        ok: true,
        status,
        data: (text === '' ? null : safeJson(text)) as T,
        attempts: attempt,
      };
    }
    lastFailure = `${spec.method} ${spec.path} answered ${status}${describeError(text)}`;
    if (status === 429) {
      const waitMs = retryAfterMs(response.headers, text);
      if (!more || waitMs > policy.maxRetryAfterMs) {
        return {
          ok: false,
          status,
          reason: `${lastFailure} (rate limited; retry after ${Math.ceil(waitMs / 1000)} s)`,
          attempts: attempt,
        };
      }
      await policy.sleep(waitMs);
      continue;
    }
    const transient = status >= 500 || (status === 404 && spec.retryNotFound === true);
    if (!transient || !more) return { ok: false, status, reason: lastFailure, attempts: attempt };
    await policy.sleep(policy.backoffMs(attempt));
  }
  return { ok: false, status: lastStatus, reason: lastFailure, attempts: policy.maxAttempts };
}

/** Seconds from `Retry-After` (may be fractional) or the JSON body's `retry_after`; 1 s when neither parses. */
export function retryAfterMs(headers: Headers, body: string): number {
  const header = Number.parseFloat(headers.get('retry-after') ?? '');
  if (Number.isFinite(header) && header >= 0) return Math.ceil(header * 1000);
  const json = safeJson(body);
  const seconds =
    json && typeof json === 'object' && 'retry_after' in json
      ? Number(json.retry_after)
      : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : 1000;
}

function requestHeaders(policy: RequestPolicy, spec: RequestSpec): Record<string, string> {
  const headers: Record<string, string> = { ...policy.headers };
  // FormData sets its own multipart boundary; a hand-written content-type would break it.
  if (typeof spec.body === 'string') headers['content-type'] = 'application/json';
  if (spec.botToken) headers['authorization'] = `Bot ${spec.botToken}`;
  return headers;
}

function describeError(text: string): string {
  const json = safeJson(text);
  if (json && typeof json === 'object' && 'message' in json) {
    const code = 'code' in json ? ` ${String(json.code)}` : '';
    const errors = 'errors' in json ? ` ${JSON.stringify(json.errors).slice(0, 300)}` : '';
    return `:${code} ${String(json.message)}${errors}`;
  }
  return text ? `: ${text.slice(0, 200)}` : '';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
