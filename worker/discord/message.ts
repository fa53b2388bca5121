import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIMessageTopLevelComponent,
} from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import { stripControls } from '../../stats/display-text.ts';

/** A file sent with a message (charts are PNG). Only deferred answers and REST calls can carry files. */
export interface MessageFile {
  readonly name: string;
  readonly data: Uint8Array;
  /** Defaults to image/png. */
  readonly contentType?: string;
  /** Alt text shown by Discord. */
  readonly description?: string;
}

/** What a command says. Every field is optional, but Discord needs at least content, an embed or a file. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
  readonly files?: readonly MessageFile[];
}

/** A message that answers inside the interaction's HTTP response: JSON only, so no files. */
export type ImmediateMessage = Omit<DiscordMessage, 'files'>;

/** The JSON Discord receives: the message plus the mention guard and, for files, the attachment list. */
export interface MessagePayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  allowed_mentions: APIAllowedMentions;
  attachments?: { id: number; filename: string; description?: string }[];
  nonce?: string;
  enforce_nonce?: boolean;
}

export interface PayloadOptions {
  readonly ephemeral?: boolean;
  /**
   * Channel posts only: Discord creates no second message with the same nonce for a few minutes
   * (`enforce_nonce`), so a POST retried after a lost answer does not post twice. At most 25
   * characters.
   */
  readonly nonce?: string;
}

/**
 * Every payload carries `allowed_mentions: { parse: [] }`: no @everyone, role or user pings,
 * whatever a player calls themselves. Every text Discord shows (content, embed text, button and menu
 * labels, alt text) loses its controls and bidi controls here, under the escapers, so no message
 * can carry one.
 */
export function messagePayload(
  message: DiscordMessage,
  options: PayloadOptions = {},
): MessagePayload {
  const payload: MessagePayload = { allowed_mentions: { parse: [] } };
  if (message.content !== undefined) payload.content = stripControls(message.content);
  if (message.embeds !== undefined) payload.embeds = message.embeds.map(shownEmbed);
  if (message.components !== undefined)
    payload.components = message.components.map((row) => ({
      ...row,
      components: row.components.map(shownComponent),
    }));
  if (options.ephemeral) payload.flags = MessageFlags.Ephemeral;
  if (options.nonce !== undefined) {
    payload.nonce = options.nonce;
    payload.enforce_nonce = true;
  }
  if (message.files !== undefined) {
    payload.attachments = message.files.map((file, id) =>
      file.description === undefined
        ? { id, filename: file.name }
        : { id, filename: file.name, description: stripControls(file.description) },
    );
  }
  return payload;
}

function shownEmbed(embed: APIEmbed): APIEmbed {
  const shown: APIEmbed = { ...embed };
  if (embed.title !== undefined) shown.title = stripControls(embed.title);
  if (embed.description !== undefined) shown.description = stripControls(embed.description);
  if (embed.fields !== undefined)
    shown.fields = embed.fields.map((field) => ({
      ...field,
      name: stripControls(field.name),
      value: stripControls(field.value),
    }));
  if (embed.footer !== undefined)
    shown.footer = { ...embed.footer, text: stripControls(embed.footer.text) };
  if (embed.author !== undefined)
    shown.author = { ...embed.author, name: stripControls(embed.author.name) };
  return shown;
}

function shownComponent<C extends APIComponentInMessageActionRow>(component: C): C {
  const shown: Record<string, unknown> = { ...component };
  if ('label' in component && typeof component.label === 'string')
    shown['label'] = stripControls(component.label);
  if ('placeholder' in component && typeof component.placeholder === 'string')
    shown['placeholder'] = stripControls(component.placeholder);
  if ('options' in component && Array.isArray(component.options))
    shown['options'] = component.options.map((option) => ({
      ...option,
      label: stripControls(option.label),
      ...(option.description === undefined
        ? {}
        : { description: stripControls(option.description) }),
    }));
  return shown as C;
}

/**
 * The HTTP body for a REST call: JSON, or multipart/form-data with `payload_json` and `files[n]`
 * when there are files (Discord ignores `embeds`/`allowed_mentions` as plain form fields).
 */
export function messageBody(
  message: DiscordMessage,
  options: PayloadOptions = {},
): string | FormData {
  const payload = messagePayload(message, options);
  if (!message.files?.length) return JSON.stringify(payload);
  const form = new FormData();
  form.append('payload_json', JSON.stringify(payload));
  message.files.forEach((file, n) => {
    const blob = new Blob([file.data as Uint8Array<ArrayBuffer>], {
      type: file.contentType ?? 'image/png',
    });
    form.append(`files[${n}]`, blob, file.name);
  });
  return form;
}
