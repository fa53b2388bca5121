import { checkTimeZone } from '../stats/clock.ts';
import { parseSeasonConfig, type SeasonConfig } from '../stats/seasons.ts';
import type { Env } from './env.ts';

/** The Worker's settings, validated once at the edge. */
export interface Config {
  readonly databaseUrl: string;
  readonly databaseWsProxy: string | undefined;
  readonly discord: {
    readonly publicKey: string;
    readonly applicationId: string;
    readonly botToken: string | undefined;
    readonly apiBase: string;
  };
  readonly ownerUserIds: readonly string[];
  readonly sessionGapMinutes: number;
  /** How the calendar is cut into seasons (SEASONS: `quarters`, `months:N[@YYYY-MM]` or `starts:YYYY-MM-DD,…`). */
  readonly seasons: SeasonConfig;
  readonly serverTimeZone: string;
}

/** What the importer and the recompute need from the settings. */
export const recomputeSettings = (config: Config) => ({
  sessionGapMinutes: config.sessionGapMinutes,
  seasons: config.seasons,
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function required(env: Env, name: keyof Env & string): string {
  const value = env[name]?.trim();
  if (!value)
    throw new ConfigError(
      `Missing setting ${name}: set it with \`wrangler secret put ${name}\` (or in .dev.vars locally).`,
    );
  return value;
}

function positiveNumber(env: Env, name: keyof Env & string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`Setting ${name} must be a positive number, got "${raw}".`);
  return value;
}

function timeZone(env: Env): string {
  const checked = checkTimeZone(env.SERVER_TIME_ZONE?.trim() || 'UTC', 'Setting SERVER_TIME_ZONE');
  if (!checked.ok) throw new ConfigError(`${checked.reason}.`);
  return checked.zone;
}

function seasons(env: Env): SeasonConfig {
  const parsed = parseSeasonConfig(env.SEASONS);
  if (!parsed.ok) throw new ConfigError(`Setting SEASONS: ${parsed.reason}`);
  return parsed.config;
}

/**
 * The settings the Worker shares with the command-line tools (scripts/lib/settings.ts), so that
 * `npm run import` and `npm run rebuild` group sessions and seasons the way the Worker does.
 */
export function readSharedSettings(
  env: Env,
): Pick<Config, 'sessionGapMinutes' | 'seasons' | 'serverTimeZone'> {
  return {
    sessionGapMinutes: positiveNumber(env, 'SESSION_GAP_MINUTES', 60),
    seasons: seasons(env),
    serverTimeZone: timeZone(env),
  };
}

export function readConfig(env: Env): Config {
  return {
    databaseUrl: required(env, 'DATABASE_URL'),
    databaseWsProxy: env.DATABASE_WS_PROXY?.trim() || undefined,
    discord: {
      publicKey: required(env, 'DISCORD_PUBLIC_KEY'),
      applicationId: required(env, 'DISCORD_APPLICATION_ID'),
      botToken: env.DISCORD_BOT_TOKEN?.trim() || undefined,
      apiBase: env.DISCORD_API_BASE?.trim() || 'https://discord.com/api/v10',
    },
    ownerUserIds: (env.OWNER_USER_IDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...readSharedSettings(env),
  };
}
