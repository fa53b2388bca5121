/**
 * The agent's live settings (`"live"` in its config): where the game answers `getstatus`, how often it
 * is asked, and (`"control"`) what the Worker may have the agent run through RCON.
 */
import { decodePublicKey } from '../ingest-protocol/keys.ts';
import { SERVER_ACTIONS, type ServerAction } from '../ingest-protocol/server-command.ts';

export interface LiveConfig {
  /** The game server's address: localhost (RCON is only ever sent there). */
  readonly host: string;
  /** Its game port (net_port), where it answers getstatus and rcon. */
  readonly port: number;
  /** How often the status is read while players are on… */
  readonly activePollMs: number;
  /** …and while the server is empty. */
  readonly idlePollMs: number;
  /** An unchanged snapshot is sent again after this long, so the Worker knows the agent is alive. */
  readonly heartbeatMs: number;
  readonly timeoutMs: number;
}

export interface ControlConfig {
  /** The Worker's command key (`npm run server -- command-key`), base64 of its 32 raw bytes. */
  readonly workerPublicKey: string;
  /** The game's rconpassword: stays in this file (mode 0600), never sent anywhere but localhost. */
  readonly rconPassword: string;
  /** The actions this server allows; anything else is refused whatever the Worker signed. */
  readonly allow: readonly ServerAction[];
  /** Map names `map` may load; `*` matches any run of letters, digits, _ and - ("etl_*", "*"). */
  readonly maps: readonly string[];
  /** How often pending commands are fetched. */
  readonly pollMs: number;
}

export const LIVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 27960,
  activePollMs: 5_000,
  idlePollMs: 30_000,
  heartbeatMs: 120_000,
  timeoutMs: 2_000,
} as const;
export const CONTROL_DEFAULTS = {
  allow: ['say', 'map', 'map_restart', 'kick'],
  pollMs: 5_000,
} as const;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1)$/;
type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const number = (value: unknown, fallback: number, name: string): Parsed<number> =>
  value === undefined
    ? { ok: true, value: fallback }
    : typeof value === 'number' && Number.isFinite(value) && value > 0
      ? { ok: true, value }
      : { ok: false, reason: `"${name}" must be a positive number` };

export function parseLiveConfig(value: unknown): Parsed<LiveConfig> {
  if (typeof value !== 'object' || value === null)
    return { ok: false, reason: '"live" must be an object' };
  const v = value as Record<string, unknown>;
  const host = v.host ?? LIVE_DEFAULTS.host;
  if (typeof host !== 'string' || !LOOPBACK.test(host))
    return {
      ok: false,
      reason: '"live.host" must be localhost (127.0.0.1 or ::1): the agent runs beside the game',
    };
  const port = v.port ?? LIVE_DEFAULTS.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    return { ok: false, reason: '"live.port" must be the game port, 1-65535' };
  const out: Record<string, number> = {};
  for (const name of ['activePollMs', 'idlePollMs', 'heartbeatMs', 'timeoutMs'] as const) {
    const n = number(v[name], LIVE_DEFAULTS[name], `live.${name}`);
    if (!n.ok) return n;
    out[name] = n.value;
  }
  return { ok: true, value: { host, port, ...(out as Omit<LiveConfig, 'host' | 'port'>) } };
}

export function parseControlConfig(value: unknown): Parsed<ControlConfig> {
  if (typeof value !== 'object' || value === null)
    return { ok: false, reason: '"control" must be an object' };
  const v = value as Record<string, unknown>;
  if (typeof v.workerPublicKey !== 'string' || !decodePublicKey(v.workerPublicKey).ok)
    return {
      ok: false,
      reason:
        '"control.workerPublicKey" must be the Worker\'s command public key (`npm run server -- command-key`)',
    };
  if (typeof v.rconPassword !== 'string' || v.rconPassword === '' || /[\s"]/.test(v.rconPassword))
    return {
      ok: false,
      reason: '"control.rconPassword" must be the game\'s rconpassword (no spaces or quotes)',
    };
  const allow = v.allow ?? CONTROL_DEFAULTS.allow;
  if (!Array.isArray(allow) || !allow.every((a) => SERVER_ACTIONS.includes(a)))
    return {
      ok: false,
      reason: `"control.allow" must list actions among ${SERVER_ACTIONS.join(', ')}`,
    };
  const maps = v.maps ?? [];
  if (
    !Array.isArray(maps) ||
    !maps.every((m) => typeof m === 'string' && /^[A-Za-z0-9_*-]{1,64}$/.test(m))
  )
    return {
      ok: false,
      reason: '"control.maps" must list map names or patterns (letters, digits, _, -, *)',
    };
  const pollMs = number(v.pollMs, CONTROL_DEFAULTS.pollMs, 'control.pollMs');
  if (!pollMs.ok) return pollMs;
  return {
    ok: true,
    value: {
      workerPublicKey: v.workerPublicKey.trim(),
      rconPassword: v.rconPassword,
      allow: allow as ServerAction[],
      maps: maps as string[],
      pollMs: pollMs.value,
    },
  };
}
