import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AccessRule } from '../discord/access.ts';
import type { Caller, OptionValue } from '../discord/interaction.ts';
import type { Log } from '../discord/log.ts';
import type { Choice, CommandResult, ComponentResult } from '../discord/responses.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { achievements } from './achievements.ts';
import { admin } from './admin.ts';
import { compare } from './compare.ts';
import { help } from './help.ts';
import { lastSession } from './last-session.ts';
import { link } from './link.ts';
import { map } from './map.ts';
import { maps } from './maps.ts';
import { season } from './season.ts';
import { session } from './session.ts';
import { sessions } from './sessions.ts';
import { stats } from './stats.ts';
import { status } from './status.ts';
import { top } from './top.ts';
import { unlink } from './unlink.ts';
import { weapon } from './weapon.ts';
import { weapons } from './weapons.ts';
import { whois } from './whois.ts';
import type { CommandServices } from './services.ts';

export {
  ACCESS_LEVELS,
  type AccessLevel,
  type AccessRequest,
  type AccessRule,
  meetsAccess,
  requiredAccess,
} from '../discord/access.ts';

/** What every handler gets, whatever the interaction type. */
export interface InteractionContext<Services> {
  readonly caller: Caller;
  /** Passed through from the edge untouched. */
  readonly services: Services;
  readonly now: () => Date;
  readonly rest: DiscordRest;
  readonly applicationId: string;
  readonly log: Log;
  /** Every registered command (definition and access), for /help. */
  readonly commands: readonly CommandInfo[];
}

export interface CommandContext<Services> extends InteractionContext<Services> {
  readonly interaction: APIChatInputApplicationCommandInteraction;
  /** `/admin servers list` → ['servers', 'list']; [] for a plain command. */
  readonly subcommand: readonly string[];
  readonly options: Readonly<Record<string, OptionValue>>;
}

export interface AutocompleteContext<Services> extends InteractionContext<Services> {
  readonly interaction: APIApplicationCommandAutocompleteInteraction;
  readonly subcommand: readonly string[];
  /** What is filled in so far (values may be partial text). */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly focused: { readonly name: string; readonly value: string };
}

export interface ComponentContext<Services> extends InteractionContext<Services> {
  readonly interaction: APIMessageComponentInteraction;
  /** The custom_id after `<command>:`; read it with decodeCustomIdParts / decodePageCursor. */
  readonly customId: string;
  /** Select menus: the chosen values; buttons: []. */
  readonly values: readonly string[];
}

/**
 * One slash command: its definition (registered with Discord as is) and its handlers, in one file.
 * Handlers may throw: the transport answers an ephemeral apology with an error id and logs the error.
 */
export interface Command<Services = unknown> {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Minimum level checked on the server before every handler (issue 7); default 'public'. */
  readonly access?: AccessRule;
  run(ctx: CommandContext<Services>): CommandResult | Promise<CommandResult>;
  /** At most 25 choices are sent; answer well inside 3 s. */
  autocomplete?(ctx: AutocompleteContext<Services>): readonly Choice[] | Promise<readonly Choice[]>;
  /** Buttons and selects whose custom_id starts with `<definition.name>:`. */
  component?(ctx: ComponentContext<Services>): ComponentResult | Promise<ComponentResult>;
}

export type CommandInfo = Pick<Command<unknown>, 'definition' | 'access'>;

/** What commands read from; a command that needs none (like /help) is a plain `Command` and fits any. */
export type { CommandServices } from './services.ts';

/** Every slash command, in the order /help lists them. */
export const commands: readonly Command<CommandServices>[] = [
  help,
  // Player commands (issue 4).
  stats,
  compare,
  whois,
  link,
  unlink,
  achievements,
  maps,
  map,
  weapons,
  weapon,
  status,
  // Session and leaderboard commands (issue 4).
  lastSession,
  sessions,
  session,
  top,
  season,
  // Staff (issue 7).
  admin,
];
