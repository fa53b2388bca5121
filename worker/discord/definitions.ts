import type {
  APIApplicationCommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';

// Discord refuses a whole bulk overwrite when one definition is wrong, with an error that names a JSON
// path. Checking here first gives a message naming the command, and lets a unit test keep the registry valid.

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_COMMANDS = 100;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
/** Name, description, and every option's and choice's name, description and value, per command. */
const MAX_COMMAND_TEXT = 4000;

/** Every problem Discord would reject the definitions for; empty when they can be registered. */
export function definitionProblems(
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): string[] {
  const problems: string[] = [];
  if (definitions.length > MAX_COMMANDS)
    problems.push(`${definitions.length} commands; Discord allows ${MAX_COMMANDS}`);
  const names = new Set<string>();
  for (const definition of definitions) {
    const where = `/${definition.name}`;
    if (names.has(definition.name)) problems.push(`${where} is defined twice`);
    names.add(definition.name);
    checkNamed(where, definition.name, definition.description, problems);
    checkOptions(where, definition.options ?? [], 0, problems);
    const size = commandTextLength(definition);
    if (size > MAX_COMMAND_TEXT)
      problems.push(
        `${where}: names, descriptions and choices total ${size} characters; Discord allows ${MAX_COMMAND_TEXT}`,
      );
  }
  return problems;
}

function checkNamed(where: string, name: string, description: string, problems: string[]): void {
  if (!NAME.test(name))
    problems.push(`${where}: name "${name}" must be 1-32 letters, digits, - or _`);
  if (name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be lowercase`);
  if (description.length < 1 || description.length > 100)
    problems.push(`${where}: description must be 1-100 characters (is ${description.length})`);
}

function checkOptions(
  where: string,
  options: readonly APIApplicationCommandOption[],
  depth: number,
  problems: string[],
): void {
  if (options.length > MAX_OPTIONS)
    problems.push(`${where}: ${options.length} options; Discord allows ${MAX_OPTIONS}`);
  const seen = new Set<string>();
  let optionalSeen = false;
  for (const option of options) {
    const at = `${where} ${option.name}`;
    if (seen.has(option.name)) problems.push(`${at}: option name used twice`);
    seen.add(option.name);
    checkNamed(at, option.name, option.description, problems);
    if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
      if (depth > 0) problems.push(`${at}: a subcommand group can only sit at the top level`);
      if (
        (option.options ?? []).some((sub) => sub.type !== ApplicationCommandOptionType.Subcommand)
      ) {
        problems.push(`${at}: a subcommand group may only contain subcommands`);
      }
      checkOptions(at, option.options ?? [], depth + 1, problems);
      continue;
    }
    if (option.type === ApplicationCommandOptionType.Subcommand) {
      if (depth > 1) problems.push(`${at}: subcommands nest at most one group deep`);
      checkOptions(at, option.options ?? [], depth + 1, problems);
      continue;
    }
    if (option.required && optionalSeen)
      problems.push(`${at}: required options must come before optional ones`);
    if (!option.required) optionalSeen = true;
    const choices = 'choices' in option ? (option.choices ?? []) : [];
    if (choices.length > MAX_CHOICES)
      problems.push(`${at}: ${choices.length} choices; Discord allows ${MAX_CHOICES}`);
    if ('autocomplete' in option && option.autocomplete && choices.length > 0)
      problems.push(`${at}: autocomplete and choices cannot be combined`);
    for (const choice of choices) {
      if (choice.name.length < 1 || choice.name.length > 100)
        problems.push(`${at}: choice "${choice.name}" name must be 1-100 characters`);
      if (typeof choice.value === 'string' && choice.value.length > 100)
        problems.push(`${at}: choice "${choice.name}" value must be ≤ 100 characters`);
    }
  }
}

function commandTextLength(definition: RESTPostAPIChatInputApplicationCommandsJSONBody): number {
  const optionLength = (option: APIApplicationCommandOption): number => {
    let size = option.name.length + option.description.length;
    if ('choices' in option)
      for (const choice of option.choices ?? [])
        size += choice.name.length + String(choice.value).length;
    if ('options' in option) for (const child of option.options ?? []) size += optionLength(child);
    return size;
  };
  return (
    definition.name.length +
    definition.description.length +
    (definition.options ?? []).reduce((sum, option) => sum + optionLength(option), 0)
  );
}
