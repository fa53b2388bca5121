import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentInteraction,
  APIPingInteraction,
  APIUser,
} from 'discord-api-types/v10';
import type { GuildMemberFlags } from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
  Locale,
} from 'discord-api-types/v10';

// Stand-ins for Discord's side of an interaction: a key pair like the Developer Portal's, signatures made
// the way Discord makes them, and payloads shaped like the ones it sends. WebCrypto only, so the same
// helpers work in Node and in workerd.

export interface DiscordKeyPair {
  /** What DISCORD_PUBLIC_KEY holds: the raw 32-byte Ed25519 public key as 64 hex characters. */
  readonly publicKeyHex: string;
  /** The private key as base64 PKCS#8 (what `.data/local.json` stores as discordPrivateKey). */
  readonly privateKeyPkcs8Base64: string;
  readonly privateKey: CryptoKey;
}

export async function generateDiscordKeys(): Promise<DiscordKeyPair> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return {
    publicKeyHex: toHex(raw),
    privateKeyPkcs8Base64: toBase64(pkcs8),
    privateKey: pair.privateKey,
  };
}

export function importDiscordPrivateKey(pkcs8Base64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', fromBase64(pkcs8Base64), { name: 'Ed25519' }, false, [
    'sign',
  ]);
}

export interface SignatureHeaders {
  readonly 'X-Signature-Ed25519': string;
  readonly 'X-Signature-Timestamp': string;
}

/** Discord's signature: Ed25519 over the timestamp (unix seconds, as text) followed by the raw body. */
export async function signInteractionBody(
  privateKey: CryptoKey,
  body: string,
  timestamp: number | string = Math.floor(Date.now() / 1000),
): Promise<SignatureHeaders> {
  const message = new TextEncoder().encode(`${timestamp}${body}`);
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, message),
  );
  return { 'X-Signature-Ed25519': toHex(signature), 'X-Signature-Timestamp': String(timestamp) };
}

/** A ready `fetch`/`app.request` init: POST, JSON body, signature headers. */
export async function signedInteractionInit(
  privateKey: CryptoKey,
  interaction: object | string,
  options: { timestamp?: number | string } = {},
): Promise<{ method: 'POST'; body: string; headers: Record<string, string> }> {
  const body = typeof interaction === 'string' ? interaction : JSON.stringify(interaction);
  const signature = await signInteractionBody(privateKey, body, options.timestamp);
  return { method: 'POST', body, headers: { 'content-type': 'application/json', ...signature } };
}

/** Who is interacting and where. Defaults: a guild member without roles in a text channel. */
export interface Actor {
  readonly userId?: string;
  readonly username?: string;
  /** null for a DM. */
  readonly guildId?: string | null;
  readonly roles?: readonly string[];
  /** Member permission bitfield as a decimal string. */
  readonly permissions?: string;
  readonly channelId?: string;
  readonly applicationId?: string;
  /** The interaction token; the fake Discord files follow-ups under it. */
  readonly token?: string;
}

export const DEFAULT_APPLICATION_ID = '1100000000000000001';
export const DEFAULT_GUILD_ID = '1200000000000000001';
export const DEFAULT_USER_ID = '1300000000000000001';
export const DEFAULT_CHANNEL_ID = '1400000000000000001';

/** Discord's endpoint check: no user, no data. */
export function pingInteraction(actor: Actor = {}): APIPingInteraction {
  const {
    id,
    application_id,
    token,
    version,
    app_permissions,
    entitlements,
    authorizing_integration_owners,
    attachment_size_limit,
  } = baseInteraction(actor);
  return {
    id,
    application_id,
    token,
    version,
    app_permissions,
    entitlements,
    authorizing_integration_owners,
    attachment_size_limit,
    type: InteractionType.Ping,
  };
}

export function slashCommandInteraction(
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
  actor: Actor = {},
): APIChatInputApplicationCommandInteraction {
  return {
    ...baseInteraction(actor),
    type: InteractionType.ApplicationCommand,
    data: { id: commandId(name), name, type: ApplicationCommandType.ChatInput, options },
  } as APIChatInputApplicationCommandInteraction;
}

export function autocompleteInteraction(
  name: string,
  options: APIApplicationCommandInteractionDataOption[],
  actor: Actor = {},
): APIApplicationCommandAutocompleteInteraction {
  return {
    ...baseInteraction(actor),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: commandId(name), name, type: ApplicationCommandType.ChatInput, options },
  } as APIApplicationCommandAutocompleteInteraction;
}

/** A button press (or a select, with `values`) on a message the app sent. */
export function componentInteraction(
  customId: string,
  actor: Actor & { values?: readonly string[]; message?: Partial<APIMessage> } = {},
): APIMessageComponentInteraction {
  const base = baseInteraction(actor);
  const data = actor.values
    ? {
        custom_id: customId,
        component_type: ComponentType.StringSelect as const,
        values: [...actor.values],
      }
    : { custom_id: customId, component_type: ComponentType.Button as const };
  const message = {
    id: snowflake(),
    channel_id: base.channel_id,
    author: user(base.application_id, 'etstats', true),
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...actor.message,
  } as APIMessage;
  return {
    ...base,
    type: InteractionType.MessageComponent,
    data,
    message,
  } as APIMessageComponentInteraction;
}

/**
 * Option payloads from plain values, typed as Discord would (string, integer, number, boolean), nested
 * under `subcommand` (['servers', 'list'] is a group then a subcommand). `focused` marks the autocomplete option.
 */
export function commandOptions(
  values: Readonly<Record<string, string | number | boolean>>,
  shape: { subcommand?: readonly string[]; focused?: string } = {},
): APIApplicationCommandInteractionDataOption[] {
  let options = Object.entries(values).map(([name, value]) => {
    const type =
      typeof value === 'boolean'
        ? ApplicationCommandOptionType.Boolean
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? ApplicationCommandOptionType.Integer
            : ApplicationCommandOptionType.Number
          : ApplicationCommandOptionType.String;
    return {
      name,
      type,
      value,
      ...(shape.focused === name ? { focused: true } : {}),
    } as APIApplicationCommandInteractionDataOption;
  });
  const path = shape.subcommand ?? [];
  for (let i = path.length - 1; i >= 0; i--) {
    const type =
      i === path.length - 1
        ? ApplicationCommandOptionType.Subcommand
        : ApplicationCommandOptionType.SubcommandGroup;
    options = [{ name: path[i]!, type, options } as APIApplicationCommandInteractionDataOption];
  }
  return options;
}

function baseInteraction(actor: Actor) {
  const applicationId = actor.applicationId ?? DEFAULT_APPLICATION_ID;
  const userId = actor.userId ?? DEFAULT_USER_ID;
  const caller = user(userId, actor.username ?? 'tester');
  const channelId = actor.channelId ?? DEFAULT_CHANNEL_ID;
  const guildId = actor.guildId === undefined ? DEFAULT_GUILD_ID : actor.guildId;
  const member: APIInteractionGuildMember = {
    user: caller,
    roles: [...(actor.roles ?? [])],
    permissions: actor.permissions ?? '0',
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
  };
  const where = guildId === null ? { user: caller } : { guild_id: guildId, member };
  return {
    id: snowflake(),
    application_id: applicationId,
    token: actor.token ?? `token-${snowflake()}`,
    version: 1 as const,
    app_permissions: '0',
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 10 * 1024 * 1024,
    channel_id: channelId,
    channel: { id: channelId, type: guildId === null ? ChannelType.DM : ChannelType.GuildText },
    ...where,
  };
}

function user(id: string, username: string, bot = false): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
}

let sequence = 0;

/** Snowflake-shaped: milliseconds since Discord's epoch, then a counter. */
function snowflake(): string {
  sequence = (sequence + 1) % 4096;
  return ((BigInt(Date.now() - 1420070400000) << 22n) | BigInt(sequence)).toString();
}

function commandId(name: string): string {
  let hash = 0n;
  for (const char of name) hash = (hash * 31n + BigInt(char.codePointAt(0) ?? 0)) % 2n ** 60n;
  return (hash + 10n ** 17n).toString();
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
