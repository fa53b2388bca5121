import { checkTimeZone } from '../stats/clock.ts';
import { parseSeasonConfig, type SeasonConfig } from '../stats/seasons.ts';
import type { Env } from './env.ts';
import { fromBase64 } from '../ingest-protocol/protocol.ts';

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
  readonly site: SiteConfig;
  /** Base64 PKCS#8 Ed25519 key server commands are signed with; undefined: server control is off. */
  readonly agentCommandKey?: string | undefined;
  /** Default 5 when absent. */
  readonly liveStaleMinutes?: number;
}

/** The website's settings. */
export interface SiteConfig {
  /** Where the pages live (SITE_BASE_PATH): `/` or a path such as `/stats/`, always with both slashes. */
  readonly basePath: string;
  /** The site's public address (PUBLIC_BASE_URL), without a trailing slash; set → messages link to it. */
  readonly publicBaseUrl: string | undefined;
  /** The deployed version's id (the CF_VERSION_METADATA binding), in the page cache's key; absent off Cloudflare. */
  readonly deployment?: string | undefined;
}

/** SITE_BASE_PATH read: `/`, or `/a/b/` with letters, digits, dashes and underscores per segment. */
export function readSiteConfig(
  env: Pick<Env, 'SITE_BASE_PATH' | 'PUBLIC_BASE_URL' | 'CF_VERSION_METADATA'>,
): SiteConfig {
  const raw = env.SITE_BASE_PATH?.trim() || '/';
  const segments = raw.split('/').filter(Boolean);
  if (!segments.every((s) => /^[A-Za-z0-9_-]+$/.test(s)))
    throw new ConfigError(
      `Setting SITE_BASE_PATH must be a path such as /stats (letters, digits, - and _), got "${raw}".`,
    );
  const basePath = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  const url = env.PUBLIC_BASE_URL?.trim();
  if (url && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url))
    throw new ConfigError(
      `Setting PUBLIC_BASE_URL must be an http(s) address such as https://stats.example.org, got "${url}".`,
    );
  return {
    basePath,
    publicBaseUrl: url ? url.replace(/\/+$/, '') : undefined,
    deployment: env.CF_VERSION_METADATA?.id || undefined,
  };
}

/** What the importer and the recompute need from the settings. */
export const recomputeSettings = (config: Config) => ({
  sessionGapMinutes: config.sessionGapMinutes,
  seasons: config.seasons,
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The settings that are text (every binding but the version metadata). */
type TextSetting = Exclude<keyof Env, 'CF_VERSION_METADATA'>;

function required(env: Env, name: TextSetting): string {
  const value = env[name]?.trim();
  if (!value)
    throw new ConfigError(
      `Missing setting ${name}: set it with \`wrangler secret put ${name}\` (or in .dev.vars locally).`,
    );
  return value;
}

function positiveNumber(env: Env, name: TextSetting, fallback: number): number {
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

/** An Ed25519 private key exported as PKCS#8 is 48 bytes: 16 of ASN.1 header, 32 of seed. */
const ED25519_PKCS8_BYTES = 48;

function agentCommandKey(env: Env): string | undefined {
  const raw = env.AGENT_COMMAND_KEY?.trim();
  if (!raw) return undefined;
  const bytes = fromBase64(raw);
  if (bytes?.length !== ED25519_PKCS8_BYTES)
    throw new ConfigError(
      'Setting AGENT_COMMAND_KEY must be the private key `npm run server -- command-key` printed (base64 PKCS#8 Ed25519).',
    );
  return raw;
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
    site: readSiteConfig(env),
    agentCommandKey: agentCommandKey(env),
    liveStaleMinutes: positiveNumber(env, 'LIVE_STALE_MINUTES', 5),
  };
}
