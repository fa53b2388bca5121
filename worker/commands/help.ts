import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOption,
  APIEmbed,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { type AccessLevel, requiredAccess } from '../discord/access.ts';
import { stringOption } from '../discord/interaction.ts';
import { LIMITS } from '../discord/limits.ts';
import { reply } from '../discord/responses.ts';
import type { Command, CommandInfo } from '../discord/command.ts';

const EMBED_COLOUR = 0x5865f2;
const STAFF: readonly AccessLevel[] = ['moderator', 'admin', 'owner'];

/** One invocable form of a command: `/admin servers list`, with its leaf options. */
interface Usage {
  readonly command: string;
  readonly subcommand: readonly string[];
  readonly description: string;
  readonly options: readonly APIApplicationCommandBasicOption[];
}

/** `/help [command]`: built from the registry, so it never lists a command that does not exist. */
export const help: Command = {
  definition: {
    name: 'help',
    description: 'What etstats can do: every command and its options',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'command',
        description: 'A command to explain in detail',
        required: false,
        autocomplete: true,
      },
    ],
  },
  run(ctx) {
    const wanted = stringOption(ctx.options, 'command')?.replace(/^\//, '').trim().toLowerCase();
    if (!wanted) return reply({ embeds: [overview(ctx.commands)] }, { ephemeral: true });
    const [name = '', ...within] = wanted.split(/\s+/);
    const command = ctx.commands.find((info) => info.definition.name === name);
    if (!command)
      return reply(`There is no /${name.slice(0, 32)} command. Run /help to see them all.`, {
        ephemeral: true,
      });
    const embed = details(command, within);
    if (!embed)
      return reply(
        `/${name} has no \`${within.join(' ').slice(0, 32)}\`. Run /help command:${name} to see its forms.`,
        { ephemeral: true },
      );
    return reply({ embeds: [embed] }, { ephemeral: true });
  },
  autocomplete(ctx) {
    const typed = ctx.focused.value.replace(/^\//, '').toLowerCase();
    const commandChoices = ctx.commands
      .map((info) => info.definition)
      .filter((definition) => definition.name.includes(typed))
      .map((definition) => ({
        name: `/${definition.name}: ${definition.description}`,
        value: definition.name,
      }));
    // Subcommands are offered once the typed text names a command, so the first list stays short.
    const groupChoices = ctx.commands
      .filter((info) => typed.startsWith(`${info.definition.name} `))
      .flatMap((info) => subcommandNames(info).map((sub) => `${info.definition.name} ${sub}`))
      .filter((value) => value.includes(typed))
      .map((value) => ({ name: `/${value}`, value }));
    return [...groupChoices, ...commandChoices].slice(0, 25);
  },
};

/**
 * Every command a player can run, one line each; staff-only forms listed apart, one line per command
 * naming its subcommands (their details are one `/help command:<name>` away, and would overflow a field).
 */
export function overview(commands: readonly CommandInfo[]): APIEmbed {
  const everyone: string[] = [];
  const staffForms = new Map<string, string[]>();
  for (const command of commands) {
    for (const form of usages(command)) {
      const level = requiredAccess(command.access, {
        kind: 'command',
        subcommand: form.subcommand,
        customId: null,
      });
      if (!STAFF.includes(level)) everyone.push(`${usageLine(form)} — ${form.description}`);
      else
        staffForms.set(command.definition.name, [
          ...(staffForms.get(command.definition.name) ?? []),
          form.subcommand.join(' '),
        ]);
    }
  }
  const staff = [...staffForms].map(([name, forms]) =>
    `\`/${name}\` ${forms.filter(Boolean).join(' · ')} — /help command:${name}`.replace(
      ' ` — ',
      '` — ',
    ),
  );
  const embed: APIEmbed = {
    title: 'etstats commands',
    description: everyone.join('\n') || 'No commands are available.',
    color: EMBED_COLOUR,
    footer: { text: '<required> [optional] · /help command:<name> explains one command' },
  };
  if (staff.length > 0)
    embed.fields = chunks(staff.map(clip)).map((value, i) => ({
      name: i === 0 ? 'For moderators and admins' : 'For moderators and admins (more)',
      value,
    }));
  return embed;
}

/**
 * One command in full: each form with each option's description and choices. `within` narrows it to one
 * subcommand or group (`/help command:admin server`); undefined when nothing matches. A command with more
 * forms than an embed holds (25 fields, 6000 characters) is listed one field per group, a line per form,
 * and each group is one `/help command:<name> <group>` away.
 */
export function details(
  command: CommandInfo,
  within: readonly string[] = [],
): APIEmbed | undefined {
  const forms = usages(command).filter((form) =>
    within.every((part, i) => form.subcommand[i] === part),
  );
  if (forms.length === 0) return undefined;
  const name = [command.definition.name, ...within].join(' ');
  const embed: APIEmbed = {
    title: `/${name}`,
    description: command.definition.description,
    color: EMBED_COLOUR,
    fields: forms.map((form) => ({ name: usageLine(form), value: fullText(form) })),
  };
  if (fits(embed)) return embed;
  const groups = new Map<string, Usage[]>();
  for (const form of forms) {
    const key = form.subcommand[within.length] ?? '';
    groups.set(key, [...(groups.get(key) ?? []), form]);
  }
  const fields = [...groups].map(([group, members]) => ({
    name: `/${[name, group].filter(Boolean).join(' ')}`,
    value: clip(members.map((form) => `${usageLine(form)} — ${form.description}`).join('\n')),
  }));
  return {
    ...embed,
    description: `${command.definition.description}\n/help command:${name} <subcommand> explains one in full.`,
    fields:
      fields.length <= LIMITS.fields
        ? fields
        : [
            ...fields.slice(0, LIMITS.fields - 1),
            {
              name: 'More',
              value: clip(
                fields
                  .slice(LIMITS.fields - 1)
                  .map((f) => f.name)
                  .join(' · '),
              ),
            },
          ],
  };
}

function fullText(form: Usage): string {
  return (
    [
      form.description,
      ...form.options.map((option) => {
        const choices =
          'choices' in option && option.choices?.length
            ? ` (${option.choices.map((choice) => choice.name).join(', ')})`
            : '';
        return `• \`${option.name}\`${option.required ? '' : ' (optional)'}: ${option.description}${choices}`;
      }),
    ].join('\n') || '—'
  );
}

function fits(embed: APIEmbed): boolean {
  const fields = embed.fields ?? [];
  const total =
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    fields.length <= LIMITS.fields &&
    fields.every((field) => field.value.length <= LIMITS.fieldValue) &&
    total <= LIMITS.embedTotal
  );
}

/** Lines packed into as few field values as fit, never splitting a line. */
function chunks(lines: readonly string[]): string[] {
  const packed: string[] = [];
  for (const line of lines) {
    const last = packed.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= LIMITS.fieldValue)
      packed[packed.length - 1] = `${last}\n${line}`;
    else packed.push(line);
  }
  return packed;
}

function clip(text: string): string {
  return text.length <= LIMITS.fieldValue ? text : `${text.slice(0, LIMITS.fieldValue - 1)}…`;
}

/** The first level of a command's subcommands and groups (`servers`, `rebuild`). */
function subcommandNames(command: CommandInfo): string[] {
  return (command.definition.options ?? []).filter(isNested).map((option) => option.name);
}

function usages(command: CommandInfo): Usage[] {
  const { name, description, options = [] } = command.definition;
  const nested = options.filter(isNested);
  if (nested.length === 0)
    return [{ command: name, subcommand: [], description, options: options.filter(isLeaf) }];
  const forms: Usage[] = [];
  for (const option of nested) {
    if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
      for (const sub of option.options ?? []) {
        forms.push({
          command: name,
          subcommand: [option.name, sub.name],
          description: sub.description,
          options: sub.options ?? [],
        });
      }
    } else if (option.type === ApplicationCommandOptionType.Subcommand) {
      forms.push({
        command: name,
        subcommand: [option.name],
        description: option.description,
        options: option.options ?? [],
      });
    }
  }
  return forms;
}

function usageLine(form: Usage): string {
  const options = form.options.map((option) =>
    option.required ? `<${option.name}>` : `[${option.name}]`,
  );
  return `\`/${[form.command, ...form.subcommand, ...options].join(' ')}\``;
}

function isNested(option: APIApplicationCommandOption): boolean {
  return (
    option.type === ApplicationCommandOptionType.Subcommand ||
    option.type === ApplicationCommandOptionType.SubcommandGroup
  );
}

function isLeaf(option: APIApplicationCommandOption): option is APIApplicationCommandBasicOption {
  return !isNested(option);
}
