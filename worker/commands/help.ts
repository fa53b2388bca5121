import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandOption,
  APIEmbed,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { type AccessLevel, requiredAccess } from '../discord/access.ts';
import { stringOption } from '../discord/interaction.ts';
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
    const command = ctx.commands.find((info) => info.definition.name === wanted);
    if (!command)
      return reply(`There is no /${wanted.slice(0, 32)} command. Run /help to see them all.`, {
        ephemeral: true,
      });
    return reply({ embeds: [details(command)] }, { ephemeral: true });
  },
  autocomplete(ctx) {
    const typed = ctx.focused.value.replace(/^\//, '').toLowerCase();
    return ctx.commands
      .map((info) => info.definition)
      .filter((definition) => definition.name.includes(typed))
      .map((definition) => ({
        name: `/${definition.name}: ${definition.description}`,
        value: definition.name,
      }));
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
    embed.fields = [{ name: 'For moderators and admins', value: staff.join('\n') }];
  return embed;
}

/** One command in full: each form with each option's description and choices. */
export function details(command: CommandInfo): APIEmbed {
  const fields = usages(command).map((form) => ({
    name: usageLine(form),
    value:
      [
        form.description,
        ...form.options.map((option) => {
          const choices =
            'choices' in option && option.choices?.length
              ? ` (${option.choices.map((choice) => choice.name).join(', ')})`
              : '';
          return `• \`${option.name}\`${option.required ? '' : ' (optional)'}: ${option.description}${choices}`;
        }),
      ].join('\n') || '—',
  }));
  return {
    title: `/${command.definition.name}`,
    description: command.definition.description,
    color: EMBED_COLOUR,
    fields,
  };
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
