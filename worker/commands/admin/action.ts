import type {
  APIApplicationCommandSubcommandGroupOption,
  APIApplicationCommandSubcommandOption,
  APIEmbed,
} from 'discord-api-types/v10';
import type { AccessLevel } from '../../discord/access.ts';
import type { CommandWeight } from '../../discord/command.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { type Reply, reply } from '../../discord/responses.ts';
import type { Choice, CommandResult, ComponentResult } from '../../discord/responses.ts';
import type {
  AutocompleteContext,
  CommandContext,
  ComponentContext,
} from '../../discord/command.ts';
import type { CommandServices } from '../../services.ts';

/**
 * One `/admin` subcommand (or subcommand group) with its handlers: admin.ts routes to it by name, and
 * buttons whose custom_id is `admin:<name>:…` reach its `component`.
 */
export interface AdminAction {
  readonly option:
    | APIApplicationCommandSubcommandOption
    | APIApplicationCommandSubcommandGroupOption;
  /** One level, or one per subcommand of the group (`{ list: 'moderator', retry: 'admin' }`). */
  readonly access: AccessLevel | Readonly<Record<string, AccessLevel>>;
  /**
   * Its weight for rate limits (default light): one for the whole action, or per subcommand of a group
   * (`{ retry: 'heavy' }`; a group's buttons are then light).
   */
  readonly rateClass?: CommandWeight | Readonly<Record<string, CommandWeight>>;
  run(ctx: CommandContext<CommandServices>): CommandResult | Promise<CommandResult>;
  autocomplete?(
    ctx: AutocompleteContext<CommandServices>,
  ): readonly Choice[] | Promise<readonly Choice[]>;
  component?(
    ctx: ComponentContext<CommandServices>,
    parts: readonly string[],
  ): ComponentResult | Promise<ComponentResult>;
}

export const ADMIN_COLOUR = 0xed4245;

/** Admin answers are for the one who asked: they can name players, keys and staff. */
export function adminReply(message: ImmediateMessage | string): Reply {
  return reply(message, { ephemeral: true });
}

export function adminEmbed(
  title: string,
  description: string,
  fields: APIEmbed['fields'] = [],
): ImmediateMessage {
  const embed: APIEmbed = { title, description, color: ADMIN_COLOUR };
  if (fields.length > 0) embed.fields = fields;
  return { embeds: [embed] };
}

/** `<@id>` shows a user without pinging them (every message sets allowed_mentions parse []). */
export function userMention(userId: string): string {
  return /^\d{1,25}$/.test(userId) ? `<@${userId}>` : '(unknown user)';
}
