import type {
  APIApplicationCommandInteractionDataOption,
  APIInteraction,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';

/** A slash-command option value: strings (also user, channel and role ids), integers, numbers, booleans. */
export type OptionValue = string | number | boolean;

export interface ParsedOptions {
  /** Subcommand group and subcommand, outermost first: `/admin servers list` → ['servers', 'list']. */
  readonly subcommand: readonly string[];
  /** The leaf options by name. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** Autocomplete only: the option the user is typing and what they typed so far. */
  readonly focused: { readonly name: string; readonly value: string } | null;
}

/** Who pressed or typed, read from the signed interaction (so it cannot be forged by the user). */
export interface Caller {
  readonly userId: string;
  readonly username: string;
  /** Null in DMs. */
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** Role ids of the member in this guild; empty in DMs. */
  readonly roles: readonly string[];
  /** The member's computed permission bitfield in this channel (decimal string); null in DMs. */
  readonly permissions: string | null;
  readonly locale: string;
}

/**
 * Flattens Discord's nested option tree into the subcommand path and a name → value map. The map has
 * no prototype and takes only plain values, so an option named `__proto__` or `constructor` is just a
 * name; anything not a list where a list belongs reads as no options.
 */
export function readOptions(options: unknown): ParsedOptions {
  const subcommand: string[] = [];
  const values: Record<string, OptionValue> = Object.create(null);
  let focused: ParsedOptions['focused'] = null;
  let level = asOptions(options);
  for (;;) {
    const nested = level.find(
      (option) =>
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!nested || !('options' in nested)) break;
    subcommand.push(String(nested.name));
    level = asOptions(nested.options);
  }
  for (const option of level) {
    if (!('value' in option) || !isOptionValue(option.value)) continue;
    values[option.name] = option.value;
    if ('focused' in option && option.focused === true)
      focused = { name: option.name, value: String(option.value) };
  }
  return { subcommand, options: values, focused };
}

const asOptions = (options: unknown): readonly APIApplicationCommandInteractionDataOption[] =>
  Array.isArray(options)
    ? options.filter(
        (o): o is APIApplicationCommandInteractionDataOption =>
          typeof o === 'object' && o !== null && typeof o.name === 'string',
      )
    : [];

const isOptionValue = (value: unknown): value is OptionValue =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export function readCaller(interaction: APIInteraction): Caller {
  const member = interaction.member;
  const user = member?.user ?? interaction.user;
  return {
    userId: user?.id ?? '',
    username: user?.username ?? '',
    guildId: interaction.guild_id ?? null,
    channelId: interaction.channel?.id ?? interaction.channel_id ?? null,
    roles: member?.roles ?? [],
    permissions: member?.permissions ?? null,
    locale: ('locale' in interaction ? interaction.locale : undefined) ?? 'en-US',
  };
}

/** The string option `name`, or undefined when absent (or of another type). */
export function stringOption(
  options: Readonly<Record<string, OptionValue>>,
  name: string,
): string | undefined {
  const value = Object.hasOwn(options, name) ? options[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The integer or number option `name`, or undefined when absent (or of another type). */
export function numberOption(
  options: Readonly<Record<string, OptionValue>>,
  name: string,
): number | undefined {
  const value = Object.hasOwn(options, name) ? options[name] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** The boolean option `name`, or undefined when absent (or of another type). */
export function booleanOption(
  options: Readonly<Record<string, OptionValue>>,
  name: string,
): boolean | undefined {
  const value = Object.hasOwn(options, name) ? options[name] : undefined;
  return typeof value === 'boolean' ? value : undefined;
}
