import type { RequestPolicy } from './request.ts';
import { retryAfterMs } from './request.ts';

/** Discord's rate-limit headers on an answer, when it sent them. */
export interface RateLimitInfo {
  /** `X-RateLimit-Remaining`: requests left in the route's bucket. */
  readonly remaining: number | null;
  /** `X-RateLimit-Reset-After`, in ms: when the bucket is full again. */
  readonly resetAfterMs: number | null;
}

/** One member's voice state, asked once: the caller decides what a refusal means (no retries here). */
export type VoiceStateResult =
  | ({ readonly kind: 'in'; readonly channelId: string } & RateLimitInfo)
  /** 404: not connected to any voice channel of the guild (or not a member). */
  | ({ readonly kind: 'none' } & RateLimitInfo)
  /** 429: nothing more may be asked in this scope (`global`: anywhere) before `retryAfterMs`. */
  | { readonly kind: 'limited'; readonly retryAfterMs: number; readonly global: boolean }
  | { readonly kind: 'failed'; readonly status: number | null; readonly reason: string };

/**
 * GET /guilds/{guild}/voice-states/{user} with the bot token, one attempt with the policy's timeout.
 * Unlike the message calls it never waits out a 429: the minute cron must not sleep through its budget,
 * it pauses the guild (or everything, for a global limit) until Discord's Retry-After instead.
 */
export async function getVoiceState(
  policy: RequestPolicy,
  botToken: string,
  guildId: string,
  userId: string,
): Promise<VoiceStateResult> {
  const path = `/guilds/${encodeURIComponent(guildId)}/voice-states/${encodeURIComponent(userId)}`;
  let response: Response;
  let text: string;
  try {
    response = await policy.fetch(`${policy.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: 'GET',
      headers: { ...policy.headers, authorization: `Bot ${botToken}` },
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return {
      kind: 'failed',
      status: null,
      reason: `GET ${path} failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const limits = rateLimitInfo(response.headers);
  if (response.status === 200) {
    const channelId = channelOf(text);
    return channelId === null ? { kind: 'none', ...limits } : { kind: 'in', channelId, ...limits };
  }
  if (response.status === 404) return { kind: 'none', ...limits };
  if (response.status === 429)
    return {
      kind: 'limited',
      retryAfterMs: retryAfterMs(response.headers, text),
      global: response.headers.get('x-ratelimit-global') === 'true' || isGlobalBody(text),
    };
  return {
    kind: 'failed',
    status: response.status,
    reason: `GET ${path} answered ${response.status}: ${text.slice(0, 200)}`,
  };
}

function rateLimitInfo(headers: Headers): RateLimitInfo {
  const remaining = Number.parseInt(headers.get('x-ratelimit-remaining') ?? '', 10);
  const resetAfter = Number.parseFloat(headers.get('x-ratelimit-reset-after') ?? '');
  return {
    remaining: Number.isFinite(remaining) ? remaining : null,
    resetAfterMs: Number.isFinite(resetAfter) ? Math.ceil(resetAfter * 1000) : null,
  };
}

/** A voice state's channel; null for a state without one (Discord may answer so right after a leave). */
function channelOf(text: string): string | null {
  try {
    const state = JSON.parse(text) as { channel_id?: unknown };
    return typeof state.channel_id === 'string' ? state.channel_id : null;
  } catch {
    return null;
  }
}

function isGlobalBody(text: string): boolean {
  try {
    return (JSON.parse(text) as { global?: unknown }).global === true;
  } catch {
    return false;
  }
}
