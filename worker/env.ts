/**
 * The Worker's bindings as Cloudflare hands them over. Read once, by `readConfig`, never deep inside.
 * Secrets: DATABASE_URL, DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN.
 */
export interface Env {
  DATABASE_URL?: string;
  /** Outside Cloudflare only: `host:port` of the WebSocket→TCP bridge in front of Postgres. */
  DATABASE_WS_PROXY?: string;
  DISCORD_PUBLIC_KEY?: string;
  DISCORD_APPLICATION_ID?: string;
  DISCORD_BOT_TOKEN?: string;
  /** Defaults to https://discord.com/api/v10; tests and `npm start` point it at a local stand-in. */
  DISCORD_API_BASE?: string;
  /** Comma-separated Discord user ids with the OWNER level. */
  OWNER_USER_IDS?: string;
  SESSION_GAP_MINUTES?: string;
  /** Season calendar: `quarters` (default), `months:N[@YYYY-MM]` or `starts:YYYY-MM-DD,…`. */
  SEASONS?: string;
  /** IANA zone of the game servers' clocks (file names carry no zone). */
  SERVER_TIME_ZONE?: string;
  /** Where the website's pages live (default `/`), e.g. `/stats`. */
  SITE_BASE_PATH?: string;
  /** The website's public address; set → /stats, /session… messages carry a "View on the web" button. */
  PUBLIC_BASE_URL?: string;
  /** Secret: the Ed25519 private key (base64 PKCS#8) server commands are signed with (`npm run server -- command-key`). */
  AGENT_COMMAND_KEY?: string;
  /** A game server's live snapshot older than this many minutes shows as "no live data" (default 5). */
  LIVE_STALE_MINUTES?: string;
  /** Cloudflare's version metadata binding (wrangler.toml `[version_metadata]`): the deployed version. */
  CF_VERSION_METADATA?: { readonly id: string; readonly tag?: string; readonly timestamp?: string };
}
