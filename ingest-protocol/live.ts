/**
 * What the agent tells the Worker about its game server right now (`POST /ingest/live`), signed like an
 * upload (sign.ts; the webhook-id is the SHA-256 of the body). The agent reads it from the game's
 * `getstatus` answer and sends it only when something in it changed; the Worker keeps the latest one.
 *
 * ```
 * {"observedAt":"2026-12-05T20:01:02.000Z","hostname":"^1EU ^7#1","map":"supply","gameState":"playing",
 *  "maxClients":20,"players":[{"name":"^1cru3l","score":12,"ping":48}]}
 * ```
 */

/** One player line of the status: names keep their colour codes (the Worker strips them to match). */
export interface LivePlayer {
  readonly name: string;
  readonly score: number;
  readonly ping: number;
}

/** The game's round state as ET's `gamestate` serverinfo key tells it. */
export type LiveGameState = 'playing' | 'warmup' | 'countdown' | 'intermission' | 'unknown';

export interface LiveSnapshot {
  /** When the agent read the status (ISO); a snapshot older than the stored one is refused. */
  readonly observedAt: string;
  readonly hostname: string;
  readonly map: string;
  readonly gameState: LiveGameState;
  /** `sv_maxclients`; 0 when the server does not say. */
  readonly maxClients: number;
  /** `timelimit` in minutes as the server says it; null when absent. */
  readonly timeLimitMinutes: number | null;
  readonly players: readonly LivePlayer[];
}

/** A Quake 3 server holds 64 clients at most (MAX_CLIENTS). */
export const MAX_LIVE_PLAYERS = 64;
/** Names are 36 characters in the game (MAX_NETNAME); colour codes included, a little more. */
export const MAX_LIVE_NAME = 64;
export const MAX_LIVE_TEXT = 128;
/** A full snapshot is under 8 KiB; anything past this is not one. */
export const MAX_LIVE_BODY_BYTES = 32 * 1024;
export const LIVE_GAME_STATES: readonly LiveGameState[] = [
  'playing',
  'warmup',
  'countdown',
  'intermission',
  'unknown',
];

/** Where snapshots go: `/ingest/live` beside the agent's `/ingest`. */
export const liveUrl = (ingestUrl: string) => `${ingestUrl.replace(/\/+$/, '')}/live`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

const text = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length <= max && !CONTROL.test(value);
const count = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= -max && value <= max;

/** Checks a snapshot as it arrived; the reason names the field that is wrong. */
export function checkLiveSnapshot(
  value: unknown,
): { ok: true; snapshot: LiveSnapshot } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'snapshot must be a JSON object' };
  const v = value as Record<string, unknown>;
  if (typeof v.observedAt !== 'string' || Number.isNaN(Date.parse(v.observedAt)))
    return { ok: false, reason: 'observedAt must be an ISO date-time' };
  if (!text(v.hostname, MAX_LIVE_TEXT))
    return { ok: false, reason: `hostname must be text of at most ${MAX_LIVE_TEXT} characters` };
  if (!text(v.map, MAX_LIVE_TEXT) || v.map === '')
    return { ok: false, reason: 'map must be the map name' };
  if (!LIVE_GAME_STATES.includes(v.gameState as LiveGameState))
    return { ok: false, reason: `gameState must be one of ${LIVE_GAME_STATES.join(', ')}` };
  if (!count(v.maxClients, MAX_LIVE_PLAYERS) || v.maxClients < 0)
    return { ok: false, reason: `maxClients must be 0-${MAX_LIVE_PLAYERS}` };
  if (v.timeLimitMinutes !== null && !count(v.timeLimitMinutes, 100_000))
    return { ok: false, reason: 'timeLimitMinutes must be a whole number or null' };
  if (!Array.isArray(v.players) || v.players.length > MAX_LIVE_PLAYERS)
    return { ok: false, reason: `players must be a list of at most ${MAX_LIVE_PLAYERS}` };
  const players: LivePlayer[] = [];
  for (const [i, p] of v.players.entries()) {
    const player = (p ?? {}) as Record<string, unknown>;
    if (!text(player.name, MAX_LIVE_NAME))
      return {
        ok: false,
        reason: `players[${i}].name must be at most ${MAX_LIVE_NAME} characters`,
      };
    if (!count(player.score, 1_000_000) || !count(player.ping, 1_000_000) || player.ping < 0)
      return { ok: false, reason: `players[${i}] needs a whole score and ping` };
    players.push({ name: player.name, score: player.score, ping: player.ping });
  }
  return {
    ok: true,
    snapshot: {
      observedAt: new Date(v.observedAt).toISOString(),
      hostname: v.hostname,
      map: v.map,
      gameState: v.gameState as LiveGameState,
      maxClients: v.maxClients,
      timeLimitMinutes: v.timeLimitMinutes as number | null,
      players,
    },
  };
}

/** Two snapshots tell the same (observedAt aside): the agent then sends nothing. */
export function sameLiveState(a: LiveSnapshot, b: LiveSnapshot): boolean {
  const { observedAt: _a, ...left } = a;
  const { observedAt: _b, ...right } = b;
  return JSON.stringify(left) === JSON.stringify(right);
}
