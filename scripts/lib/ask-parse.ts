import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';

/** A command line like Discord's input box would produce it: `/admin servers list`, `/stats player:"o l z"`. */
export interface AskedCommand {
  readonly name: string;
  readonly subcommand: readonly string[];
  /** Nested the way Discord sends them (subcommand group → subcommand → options). */
  readonly options: APIApplicationCommandInteractionDataOption[];
}

export type ParseResult = { ok: true; command: AskedCommand } | { ok: false; reason: string };

/** Splits on spaces, keeping "double" or 'single' quoted runs (anywhere in a word) together; \" escapes a quote. */
export function tokenize(
  line: string,
): { ok: true; tokens: string[] } | { ok: false; reason: string } {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === '\\' && line[i + 1] === quote) current += line[++i];
      else if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (quote) return { ok: false, reason: `unclosed ${quote} quote` };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

/**
 * Parses `/name [group] [subcommand] option:value…` against the registered definitions, typing each value
 * as its option declares. With `focus`, the named option (or the last one given) is marked focused, as an
 * autocomplete request, and required options may be missing.
 */
export function parseAskedCommand(
  line: string | readonly string[],
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  autocomplete: { focus?: string } | null = null,
): ParseResult {
  // Several arguments arrive already split by the shell (quotes gone); one argument is split here.
  const split =
    typeof line === 'string' ? tokenize(line.trim()) : { ok: true as const, tokens: [...line] };
  if (!split.ok) return split;
  const [head, ...rest] = split.tokens;
  if (!head?.startsWith('/') || head.length < 2)
    return { ok: false, reason: 'start with the command, e.g. "/stats player:iamez3"' };
  const name = head.slice(1).toLowerCase();
  const definition = definitions.find((candidate) => candidate.name === name);
  if (!definition)
    return {
      ok: false,
      reason: `/${name} is not a command; known: ${definitions.map((d) => `/${d.name}`).join(' ')}`,
    };

  const subcommand: string[] = [];
  let level: readonly APIApplicationCommandOption[] = definition.options ?? [];
  let words = rest;
  for (;;) {
    const nested = level.filter(isNested);
    if (nested.length === 0) break;
    const next = nested.find((option) => option.name === words[0]?.toLowerCase());
    if (!next) {
      const path = [`/${name}`, ...subcommand].join(' ');
      return {
        ok: false,
        reason: `${path} needs one of: ${nested.map((option) => option.name).join(', ')}`,
      };
    }
    subcommand.push(next.name);
    level = 'options' in next ? (next.options ?? []) : [];
    words = words.slice(1);
  }

  const leaves = level as readonly APIApplicationCommandBasicOption[];
  const given: APIApplicationCommandInteractionDataOption[] = [];
  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon < 1)
      return {
        ok: false,
        reason: `"${word}" is not option:value (options: ${leaves.map((o) => o.name).join(', ') || 'none'})`,
      };
    const optionName = word.slice(0, colon).toLowerCase();
    const option = leaves.find((candidate) => candidate.name === optionName);
    if (!option)
      return {
        ok: false,
        reason: `/${[name, ...subcommand].join(' ')} has no option "${optionName}" (options: ${leaves.map((o) => o.name).join(', ') || 'none'})`,
      };
    const typed = typeValue(option, word.slice(colon + 1), autocomplete !== null);
    if (!typed.ok) return typed;
    given.push({
      name: option.name,
      type: option.type,
      value: typed.value,
    } as APIApplicationCommandInteractionDataOption);
  }
  if (autocomplete) {
    const focusName = autocomplete.focus ?? given.at(-1)?.name;
    const focused = given.find((option) => option.name === focusName);
    if (!focused)
      return {
        ok: false,
        reason: 'autocomplete needs an option being typed, e.g. "/stats player:iam"',
      };
    Object.assign(focused, { focused: true });
  } else {
    const missing = leaves.filter(
      (option) => option.required && !given.some((g) => g.name === option.name),
    );
    if (missing.length > 0)
      return {
        ok: false,
        reason: `missing required option ${missing.map((o) => `${o.name}:`).join(', ')}`,
      };
  }

  let options = given;
  for (let i = subcommand.length - 1; i >= 0; i--) {
    const type =
      i === subcommand.length - 1
        ? ApplicationCommandOptionType.Subcommand
        : ApplicationCommandOptionType.SubcommandGroup;
    options = [
      { name: subcommand[i]!, type, options } as APIApplicationCommandInteractionDataOption,
    ];
  }
  return { ok: true, command: { name, subcommand, options } };
}

function typeValue(
  option: APIApplicationCommandBasicOption,
  raw: string,
  partial: boolean,
): { ok: true; value: string | number | boolean } | { ok: false; reason: string } {
  // Autocomplete sends what is typed so far, as text, whatever the option's type.
  if (partial) return { ok: true, value: raw };
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
      return /^-?\d+$/.test(raw)
        ? { ok: true, value: Number(raw) }
        : { ok: false, reason: `${option.name} must be a whole number, got "${raw}"` };
    case ApplicationCommandOptionType.Number:
      return Number.isFinite(Number(raw)) && raw !== ''
        ? { ok: true, value: Number(raw) }
        : { ok: false, reason: `${option.name} must be a number, got "${raw}"` };
    case ApplicationCommandOptionType.Boolean:
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return { ok: false, reason: `${option.name} must be true or false, got "${raw}"` };
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable: {
      const id = /^<[@#][!&]?(\d+)>$/.exec(raw)?.[1] ?? raw;
      return /^\d+$/.test(id)
        ? { ok: true, value: id }
        : {
            ok: false,
            reason: `${option.name} must be an id or a mention like <@123>, got "${raw}"`,
          };
    }
    default: {
      const choices = 'choices' in option ? (option.choices ?? []) : [];
      if (choices.length > 0 && !choices.some((choice) => choice.value === raw)) {
        return {
          ok: false,
          reason: `${option.name} must be one of: ${choices.map((choice) => choice.value).join(', ')}`,
        };
      }
      return { ok: true, value: raw };
    }
  }
}

function isNested(option: APIApplicationCommandOption): boolean {
  return (
    option.type === ApplicationCommandOptionType.Subcommand ||
    option.type === ApplicationCommandOptionType.SubcommandGroup
  );
}
