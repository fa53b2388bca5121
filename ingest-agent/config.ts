/**
 * The agent's config file (JSON, mode 0600: it holds the private key). Written by `init`, read and
 * validated once at start; relative paths are relative to the config file.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ExportedKeyPair } from '../ingest-protocol/keys.ts';
import { DEFAULT_BACKOFF } from './backoff.ts';
import { writeFileDurably } from './durable.ts';
import {
  type ControlConfig,
  type LiveConfig,
  parseControlConfig,
  parseLiveConfig,
} from './live-config.ts';

export interface AgentConfig {
  /** The Worker's ingest endpoint, e.g. https://etstats.example.workers.dev/ingest */
  readonly url: string;
  /** The game's stats folder (e.g. /home/et/.etlegacy/legacy/gamestats): only ever read. */
  readonly gamestatsDir: string;
  readonly spoolDir: string;
  /** `run` picks up files modified from this instant on; older ones are for `backfill`. */
  readonly since: string;
  /** Usually one key; two while rotating (every upload is signed by each). */
  readonly keys: readonly ExportedKeyPair[];
  /** Uploads in flight at once. */
  readonly concurrency: number;
  readonly settleMs: number;
  readonly unreadableGraceMs: number;
  readonly pollMs: number;
  readonly timeoutMs: number;
  readonly backoff: { readonly baseMs: number; readonly capMs: number };
  /**
   * The bearer token for the round JSON stats.lua dumps (`stats-*.json`), sent to `<url>/stats-lua`;
   * absent when the server runs no stats.lua.
   */
  readonly statsLuaToken?: string;
  /** The game server's live status (getstatus), pushed to the Worker; absent: not read. */
  readonly live?: LiveConfig;
  /** Server control through RCON (needs `live`); absent: no command is ever fetched or run. */
  readonly control?: ControlConfig;
}

export const CONFIG_DEFAULTS = {
  concurrency: 4,
  settleMs: 500,
  unreadableGraceMs: 10_000,
  pollMs: 30_000,
  timeoutMs: 15_000,
  backoff: DEFAULT_BACKOFF,
} as const;

export type ConfigResult =
  | { readonly ok: true; readonly config: AgentConfig }
  | { readonly ok: false; readonly reason: string };

const positive = (value: unknown, fallback: number): number | null =>
  value === undefined
    ? fallback
    : typeof value === 'number' && Number.isFinite(value) && value > 0
      ? value
      : null;

/** Validates a parsed config file; `baseDir` anchors relative paths. */
export function parseAgentConfig(value: unknown, baseDir: string): ConfigResult {
  if (typeof value !== 'object' || value === null)
    return { ok: false, reason: 'config must be a JSON object' };
  const v = value as Record<string, unknown>;
  const bad = (reason: string): ConfigResult => ({ ok: false, reason });
  if (typeof v.url !== 'string' || !/^https?:\/\/\S+$/.test(v.url))
    return bad('"url" must be the Worker\'s ingest URL (https://…/ingest)');
  if (typeof v.gamestatsDir !== 'string' || !v.gamestatsDir)
    return bad('"gamestatsDir" must be the path of the game\'s gamestats folder');
  if (typeof v.spoolDir !== 'string' || !v.spoolDir)
    return bad('"spoolDir" must be a folder the agent may write to');
  if (typeof v.since !== 'string' || Number.isNaN(Date.parse(v.since)))
    return bad('"since" must be an ISO date-time');
  const keys = Array.isArray(v.keys) ? v.keys : [];
  if (
    keys.length === 0 ||
    !keys.every((k) => typeof k?.publicKey === 'string' && typeof k?.privateKey === 'string')
  ) {
    return bad(
      '"keys" must list at least one {"publicKey", "privateKey"} (run `etstats-agent init`)',
    );
  }
  const numbers: Record<string, number | null> = {};
  for (const name of [
    'concurrency',
    'settleMs',
    'unreadableGraceMs',
    'pollMs',
    'timeoutMs',
  ] as const) {
    numbers[name] = positive(v[name], CONFIG_DEFAULTS[name]);
    if (numbers[name] === null) return bad(`"${name}" must be a positive number`);
  }
  const backoff = (v.backoff ?? {}) as Record<string, unknown>;
  const baseMs = positive(backoff.baseMs, CONFIG_DEFAULTS.backoff.baseMs);
  const capMs = positive(backoff.capMs, CONFIG_DEFAULTS.backoff.capMs);
  if (baseMs === null || capMs === null)
    return bad('"backoff.baseMs" and "backoff.capMs" must be positive numbers');
  if (
    v.statsLuaToken !== undefined &&
    (typeof v.statsLuaToken !== 'string' || !/^\S{8,200}$/.test(v.statsLuaToken))
  )
    return bad('"statsLuaToken" must be the token `npm run server -- add-token` printed');
  const live = v.live === undefined ? undefined : parseLiveConfig(v.live);
  if (live && !live.ok) return bad(live.reason);
  const control = v.control === undefined ? undefined : parseControlConfig(v.control);
  if (control && !control.ok) return bad(control.reason);
  if (control && !live) return bad('"control" needs "live" (the game port RCON is sent to)');
  return {
    ok: true,
    config: {
      url: v.url,
      gamestatsDir: resolve(baseDir, v.gamestatsDir),
      spoolDir: resolve(baseDir, v.spoolDir),
      since: new Date(v.since).toISOString(),
      keys: keys.map((k: ExportedKeyPair) => ({
        publicKey: k.publicKey,
        privateKey: k.privateKey,
      })),
      concurrency: Math.floor(numbers.concurrency as number),
      settleMs: numbers.settleMs as number,
      unreadableGraceMs: numbers.unreadableGraceMs as number,
      pollMs: numbers.pollMs as number,
      timeoutMs: numbers.timeoutMs as number,
      backoff: { baseMs, capMs },
      ...(typeof v.statsLuaToken === 'string' ? { statsLuaToken: v.statsLuaToken } : {}),
      ...(live?.ok ? { live: live.value } : {}),
      ...(control?.ok ? { control: control.value } : {}),
    },
  };
}

export async function loadAgentConfig(path: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      reason: `cannot read config ${path}: ${(error as Error).message} (create it with \`etstats-agent init\`)`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `config ${path} is not JSON: ${(error as Error).message}` };
  }
  const parsed = parseAgentConfig(json, dirname(resolve(path)));
  if (!parsed.ok) return { ok: false, reason: `config ${path}: ${parsed.reason}` };
  // The RCON password controls the game server: anyone else on this machine must not read it.
  const mode = (await stat(path)).mode & 0o777;
  if (parsed.config.control && (mode & 0o077) !== 0)
    return {
      ok: false,
      reason: `config ${path} holds the RCON password but is readable by others (mode ${mode.toString(8).padStart(4, '0')}): run \`chmod 600 ${path}\``,
    };
  return parsed;
}

/** Writes the config readable by its owner only: it holds the private key. */
export async function writeAgentConfig(path: string, config: AgentConfig): Promise<void> {
  await writeFileDurably(path, `${JSON.stringify(config, null, 2)}\n`, 0o600);
}
