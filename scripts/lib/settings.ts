// The environment variables the command-line tools read, read and checked in one place. The settings the
// Worker has too (SESSION_GAP_MINUTES, SEASONS, SERVER_TIME_ZONE) are parsed by the Worker's own code, so
// a script never groups sessions or seasons differently from the Worker given the same values.
import type { SeasonConfig } from '../../stats/seasons.ts';
import { ConfigError, readSharedSettings } from '../../worker/config.ts';
import { DISCORD_API_BASE } from '../../worker/discord/rest.ts';

export { ConfigError };

type Environment = Readonly<Record<string, string | undefined>>;

export interface ScriptSettings {
  /** DATABASE_URL: a PostgreSQL server; unset, the scripts use the local database (`npm start`'s PGlite). */
  readonly databaseUrl: string | undefined;
  /** SESSION_GAP_MINUTES (default 60): the longest gap between two rounds of one gaming session. */
  readonly sessionGapMinutes: number;
  /** SEASONS (default `quarters`): `quarters`, `months:N[@YYYY-MM]` or `starts:YYYY-MM-DD,…`. */
  readonly seasons: SeasonConfig;
  /** SERVER_TIME_ZONE (default UTC): the IANA zone of the game servers' clocks. */
  readonly serverTimeZone: string;
  /** PORT: where `npm start` serves the Worker; unset, 8787 when free, else any free port. */
  readonly port: number | undefined;
  /** The Worker's settings among these that were set, as given: `npm start` hands them to its Worker. */
  readonly workerVars: Readonly<Record<string, string>>;
}

const WORKER_VARS = [
  'SESSION_GAP_MINUTES',
  'SEASONS',
  'SERVER_TIME_ZONE',
  'SITE_BASE_PATH',
  'PUBLIC_BASE_URL',
] as const;

function databaseUrl(env: Environment): string | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url) return undefined;
  try {
    new URL(url);
  } catch {
    throw new ConfigError(
      'Setting DATABASE_URL is not a URL; expected postgres://user:password@host/db.',
    );
  }
  return url;
}

function port(env: Environment): number | undefined {
  const raw = env.PORT?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new ConfigError(`Setting PORT must be a port number from 1 to 65535, got "${raw}".`);
  return value;
}

/**
 * Reads every setting a script may need, once; throws a ConfigError naming the first one that is
 * malformed (none is required here: a script that needs DATABASE_URL says so itself).
 *
 * @example
 * const settings = readScriptSettings(); // SEASONS=months:1 → { seasons: { monthsPerSeason: 1 }, … }
 */
export function readScriptSettings(env: Environment = process.env): ScriptSettings {
  const workerVars: Record<string, string> = {};
  for (const name of WORKER_VARS) {
    const value = env[name]?.trim();
    if (value) workerVars[name] = value;
  }
  return {
    databaseUrl: databaseUrl(env),
    ...readSharedSettings(env),
    port: port(env),
    workerVars,
  };
}

/** For a script's top level: the settings, or what is wrong with them on stderr and exit code 1. */
export function readScriptSettingsOrExit(env: Environment = process.env): ScriptSettings {
  try {
    return readScriptSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

export interface RegisterConfig {
  readonly applicationId: string;
  readonly botToken: string;
  readonly apiBase: string;
}

/** Reads the settings `npm run register` needs; the reason names the first missing or malformed one. */
export function readRegisterConfig(
  env: Environment,
): { ok: true; config: RegisterConfig } | { ok: false; reason: string } {
  const applicationId = env.DISCORD_APPLICATION_ID?.trim();
  if (!applicationId)
    return {
      ok: false,
      reason:
        'DISCORD_APPLICATION_ID is not set (Developer Portal → your app → General Information → Application ID)',
    };
  if (!/^\d{15,22}$/.test(applicationId))
    return {
      ok: false,
      reason: `DISCORD_APPLICATION_ID must be a numeric snowflake, got "${applicationId}"`,
    };
  const botToken = env.DISCORD_BOT_TOKEN?.trim();
  if (!botToken)
    return {
      ok: false,
      reason: 'DISCORD_BOT_TOKEN is not set (Developer Portal → your app → Bot → Reset Token)',
    };
  const apiBase = env.DISCORD_API_BASE?.trim() || DISCORD_API_BASE;
  if (!/^https?:\/\//.test(apiBase))
    return { ok: false, reason: `DISCORD_API_BASE must be an http(s) URL, got "${apiBase}"` };
  return { ok: true, config: { applicationId, botToken, apiBase } };
}
