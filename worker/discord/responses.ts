import type { DiscordMessage, ImmediateMessage } from './message.ts';

/** Answer now, inside the HTTP response (type 4). No files: those need `defer`. */
export interface Reply {
  readonly kind: 'reply';
  readonly message: ImmediateMessage;
  readonly ephemeral: boolean;
}

/**
 * Answer "thinking…" now (type 5) and finish in `waitUntil`: `finish` builds the final message (files
 * allowed) and the transport PATCHes `@original` with it. Use it for anything that may take over a second.
 */
export interface Deferred {
  readonly kind: 'defer';
  readonly ephemeral: boolean;
  readonly finish: () => Promise<DiscordMessage>;
}

/** Components only: replace the message the button is on (type 7), e.g. the next page. */
export interface Update {
  readonly kind: 'update';
  readonly message: ImmediateMessage;
}

/** Components only: acknowledge now (type 6) and edit the button's message in `waitUntil` with `finish`'s result. */
export interface DeferredUpdate {
  readonly kind: 'deferUpdate';
  readonly finish: () => Promise<DiscordMessage>;
}

export type CommandResult = Reply | Deferred;
export type ComponentResult = Reply | Deferred | Update | DeferredUpdate;

/** An autocomplete suggestion: `name` is shown (≤ 100 chars), `value` is what the option receives. */
export interface Choice {
  readonly name: string;
  readonly value: string | number;
}

/** `reply('text')` or `reply({ embeds }, { ephemeral: true })`. */
export function reply(
  message: ImmediateMessage | string,
  options: { ephemeral?: boolean } = {},
): Reply {
  return {
    kind: 'reply',
    message: typeof message === 'string' ? { content: message } : message,
    ephemeral: options.ephemeral ?? false,
  };
}

/** `defer(async () => ({ embeds, files: [{ name: 'chart.png', data }] }))`. */
export function defer(
  finish: () => Promise<DiscordMessage>,
  options: { ephemeral?: boolean } = {},
): Deferred {
  return { kind: 'defer', finish, ephemeral: options.ephemeral ?? false };
}

export function update(message: ImmediateMessage): Update {
  return { kind: 'update', message };
}

export function deferUpdate(finish: () => Promise<DiscordMessage>): DeferredUpdate {
  return { kind: 'deferUpdate', finish };
}
