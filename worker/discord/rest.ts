import type {
  APIApplicationCommand,
  APIMessage,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { messageBody, type DiscordMessage } from './message.ts';
import { type RequestPolicy, type RestResult, sendDiscordRequest } from './request.ts';
import { getVoiceState, type VoiceStateResult } from './voice-state.ts';

export type { RestResult } from './request.ts';
export type { VoiceStateResult } from './voice-state.ts';

export const DISCORD_API_BASE = 'https://discord.com/api/v10';

export interface DiscordRestOptions {
  /** Needed for channel posts and command registration; interaction webhooks use the interaction token instead. */
  readonly botToken?: string;
  /** Defaults to https://discord.com/api/v10; tests and `npm start` point it at the fake Discord. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Per attempt, default 5,000 ms. */
  readonly timeoutMs?: number;
  /** Default 4. */
  readonly maxAttempts?: number;
  /** Default 10,000 ms: a longer 429 is reported rather than waited out. */
  readonly maxRetryAfterMs?: number;
  /** Default 250 ms, 500 ms, 1 s… */
  readonly backoffMs?: (attempt: number) => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The Discord REST calls the app makes. Every call resolves to a RestResult; none throws. */
export interface DiscordRest {
  /** PATCH /webhooks/{app}/{token}/messages/@original: finishes a deferred answer (multipart when there are files). */
  editOriginal(
    applicationId: string,
    token: string,
    message: DiscordMessage,
  ): Promise<RestResult<APIMessage>>;
  /** POST /webhooks/{app}/{token}: another message after the first (up to 15 minutes after the interaction). */
  createFollowup(
    applicationId: string,
    token: string,
    message: DiscordMessage,
    options?: { ephemeral?: boolean },
  ): Promise<RestResult<APIMessage>>;
  /**
   * POST /channels/{id}/messages with the bot token (round summaries, achievements). With a `nonce`
   * Discord returns the first message instead of posting a second one (retries are then safe).
   */
  postChannelMessage(
    channelId: string,
    message: DiscordMessage,
    options?: { nonce?: string },
  ): Promise<RestResult<APIMessage>>;
  /** PUT /applications/{app}/commands: replaces every global command. */
  bulkOverwriteGlobalCommands(
    applicationId: string,
    commands: readonly RESTPostAPIApplicationCommandsJSONBody[],
  ): Promise<RestResult<APIApplicationCommand[]>>;
  /** PUT /applications/{app}/guilds/{guild}/commands: replaces a guild's commands (instant; for development). */
  bulkOverwriteGuildCommands(
    applicationId: string,
    guildId: string,
    commands: readonly RESTPostAPIApplicationCommandsJSONBody[],
  ): Promise<RestResult<APIApplicationCommand[]>>;
  /** GET /guilds/{guild}/voice-states/{user}: the member's voice channel, once, never waiting out a 429. */
  getVoiceState(guildId: string, userId: string): Promise<VoiceStateResult>;
}

const USER_AGENT = 'DiscordBot (https://github.com/etstats/etstats, 0.1.0)';

export function createDiscordRest(options: DiscordRestOptions = {}): DiscordRest {
  const policy: RequestPolicy = {
    baseUrl: options.baseUrl ?? DISCORD_API_BASE,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 5000,
    maxAttempts: options.maxAttempts ?? 4,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
    backoffMs: options.backoffMs ?? ((attempt) => 250 * 2 ** (attempt - 1)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    headers: { 'user-agent': USER_AGENT },
  };
  const botToken = options.botToken;
  const needsToken = <T>(what: string): RestResult<T> => ({
    ok: false,
    status: null,
    reason: `${what} needs the bot token (DISCORD_BOT_TOKEN), which is not configured`,
    attempts: 0,
  });
  const webhook = (applicationId: string, token: string) =>
    `/webhooks/${enc(applicationId)}/${enc(token)}`;

  return {
    editOriginal: (applicationId, token, message) =>
      sendDiscordRequest(policy, {
        method: 'PATCH',
        path: `${webhook(applicationId, token)}/messages/@original`,
        body: messageBody(message),
        retryNotFound: true,
      }),
    createFollowup: (applicationId, token, message, followup = {}) =>
      sendDiscordRequest(policy, {
        method: 'POST',
        path: webhook(applicationId, token),
        body: messageBody(message, followup),
        retryNotFound: true,
      }),
    postChannelMessage: async (channelId, message, post = {}) =>
      botToken
        ? sendDiscordRequest(policy, {
            method: 'POST',
            path: `/channels/${enc(channelId)}/messages`,
            body: messageBody(message, post.nonce === undefined ? {} : { nonce: post.nonce }),
            botToken,
          })
        : needsToken('posting to a channel'),
    bulkOverwriteGlobalCommands: async (applicationId, commands) =>
      botToken
        ? sendDiscordRequest(policy, {
            method: 'PUT',
            path: `/applications/${enc(applicationId)}/commands`,
            body: JSON.stringify(commands),
            botToken,
          })
        : needsToken('registering commands'),
    bulkOverwriteGuildCommands: async (applicationId, guildId, commands) =>
      botToken
        ? sendDiscordRequest(policy, {
            method: 'PUT',
            path: `/applications/${enc(applicationId)}/guilds/${enc(guildId)}/commands`,
            body: JSON.stringify(commands),
            botToken,
          })
        : needsToken('registering commands'),
    getVoiceState: async (guildId, userId) =>
      botToken
        ? getVoiceState(policy, botToken, guildId, userId)
        : {
            kind: 'failed',
            status: null,
            reason:
              'asking voice states needs the bot token (DISCORD_BOT_TOKEN), which is not configured',
          },
  };
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
