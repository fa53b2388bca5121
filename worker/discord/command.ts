import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AccessRequest, AccessRule } from './access.ts';
import type { Caller, OptionValue } from './interaction.ts';
import type { Log } from './log.ts';
import type { Choice, CommandResult, ComponentResult } from './responses.ts';
import type { DiscordRest } from './rest.ts';

/**
 * The contract between the transport and the slash commands: what a command is and what its handlers
 * get. The transport owns it; commands implement it (worker/commands/), and the list of them is handed to
 * the transport by the edge, so the transport never imports a command.
 */

/** A command's weight for rate limits: charts and big reports cost far more than a text answer. */
export type CommandWeight = 'light' | 'heavy';
/** Rate-limit classes: a command's weight, or autocomplete (one per keystroke, a class of its own). */
export type RateClass = CommandWeight | 'autocomplete';
/** One weight, or one per subcommand/button (`/admin rebuild` is heavy, `/admin status` light). */
export type WeightRule = CommandWeight | ((request: AccessRequest) => CommandWeight);

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
  /** Minimum level checked on the server before every handler; default 'public'. */
  readonly access?: AccessRule;
  /** How costly it is to answer, for rate limits: charts and big reports are 'heavy'; default 'light'. */
  readonly rateClass?: WeightRule;
  run(ctx: CommandContext<Services>): CommandResult | Promise<CommandResult>;
  /** At most 25 choices are sent; answer well inside 3 s. */
  autocomplete?(ctx: AutocompleteContext<Services>): readonly Choice[] | Promise<readonly Choice[]>;
  /** Buttons and selects whose custom_id starts with `<definition.name>:`. */
  component?(ctx: ComponentContext<Services>): ComponentResult | Promise<ComponentResult>;
}

export type CommandInfo = Pick<Command<unknown>, 'definition' | 'access' | 'rateClass'>;

/** The rate class of what is being attempted: autocomplete has its own; otherwise the command's weight. */
export function rateClassOf(
  command: Pick<Command<unknown>, 'rateClass'>,
  request: AccessRequest,
): RateClass {
  if (request.kind === 'autocomplete') return 'autocomplete';
  const rule = command.rateClass;
  if (rule === undefined) return 'light';
  return typeof rule === 'function' ? rule(request) : rule;
}
