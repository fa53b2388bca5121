export interface BackoffSettings {
  /** The delay before the first retry, before jitter. */
  readonly baseMs: number;
  /** No retry waits longer than this (a Retry-After longer than it is capped too). */
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * How long to wait before retry number `attempt` (1 = the first retry): exponential, with "equal
 * jitter" (half fixed, half random) so that agents cut off by the same outage do not come back in step,
 * yet no retry comes right back. A server's Retry-After is a floor.
 */
export function retryDelayMs(
  attempt: number,
  random: () => number,
  settings = DEFAULT_BACKOFF,
  retryAfterMs = 0,
): number {
  const ceiling = Math.min(
    settings.capMs,
    settings.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30),
  );
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.min(settings.capMs, Math.max(jittered, retryAfterMs)));
}
