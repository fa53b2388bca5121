/** Posts one signed JSON request beside the uploads (live snapshot, commands, outcomes). */
import type { SigningKey } from '../ingest-protocol/keys.ts';
import { signAgentJson } from '../ingest-protocol/sign.ts';

export interface SignedTarget {
  readonly keys: readonly SigningKey[];
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

export type PostResult =
  | { readonly ok: true; readonly status: number; readonly json: unknown }
  | { readonly ok: false; readonly reason: string };

export async function postSigned(
  target: SignedTarget,
  url: string,
  json: unknown,
  now: Date,
): Promise<PostResult> {
  const request = await signAgentJson({ json, keys: target.keys, now });
  try {
    const response = await target.fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status, json: body };
    const error = (body as { error?: unknown } | null)?.error;
    return {
      ok: false,
      reason: `HTTP ${response.status}: ${typeof error === 'string' ? error : text.slice(0, 200)}`,
    };
  } catch (error) {
    return { ok: false, reason: `network: ${(error as Error).message}` };
  }
}
