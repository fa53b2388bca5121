import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
} from 'discord-api-types/v10';
import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { Command, InteractionContext } from './command.ts';
import { requiredAccess } from './access.ts';
import { readCaller, readOptions } from './interaction.ts';
import { apologyMessage, newErrorId } from './apology.ts';
import { consoleLog, errorFields } from './log.ts';
import { messagePayload } from './message.ts';
import { asPrivateCopy, pressedByAnother } from './ownership.ts';
import { malformedInteraction } from './shape.ts';
import {
  type DispatchCheck,
  type DispatchDeps,
  type Responder,
  runGuarded,
} from './run-handler.ts';

export type {
  AfterDispatch,
  BeforeDispatch,
  DispatchCheck,
  DispatchDeps,
  DispatchOutcome,
  Verdict,
} from './run-handler.ts';

/**
 * Turns a verified interaction into the HTTP response Discord expects, routing application commands by
 * name, autocomplete to the command's `autocomplete`, and components by the `<command>:` prefix of their
 * custom_id. A body of the wrong shape is answered without running anything, an interaction id seen
 * before (a replay) is not run again. Never throws and never answers a 5xx: failures become an
 * ephemeral apology.
 */
export async function dispatchInteraction<Services>(
  interaction: APIInteraction,
  deps: DispatchDeps<Services>,
): Promise<APIInteractionResponse> {
  const autocomplete = interaction.type === InteractionType.ApplicationCommandAutocomplete;
  try {
    const malformed = malformedInteraction(interaction as unknown as Record<string, unknown>);
    if (malformed) {
      (deps.log ?? consoleLog)('warn', 'interaction malformed', { reason: malformed });
      return autocomplete
        ? noChoices()
        : notice(`Sorry, this interaction could not be read (${malformed}); nothing was run.`);
    }
    if (interaction.type !== InteractionType.Ping && deps.claimInteraction) {
      if (!(await deps.claimInteraction(interaction.id))) {
        (deps.log ?? consoleLog)('warn', 'interaction replayed', { id: interaction.id });
        return autocomplete ? noChoices() : notice(ALREADY_HANDLED);
      }
    }
    return await route(interaction, deps);
  } catch (error) {
    const errorId = (deps.newErrorId ?? newErrorId)();
    (deps.log ?? consoleLog)('error', 'interaction failed', {
      errorId,
      stage: 'dispatch',
      ...errorFields(error),
    });
    return autocomplete
      ? noChoices()
      : {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: { ...messagePayload(apologyMessage(errorId)), flags: MessageFlags.Ephemeral },
        };
  }
}

/** What a replayed interaction gets: it ran once, when it first arrived. */
export const ALREADY_HANDLED = 'This interaction was already handled; nothing was run again.';

function route<Services>(
  interaction: APIInteraction,
  deps: DispatchDeps<Services>,
): Promise<APIInteractionResponse> | APIInteractionResponse {
  switch (interaction.type) {
    case InteractionType.Ping:
      return { type: InteractionResponseType.Pong };
    case InteractionType.ApplicationCommand:
      if (interaction.data.type !== ApplicationCommandType.ChatInput)
        return notice('This kind of command is not supported.');
      return onCommand(interaction as APIChatInputApplicationCommandInteraction, deps);
    case InteractionType.ApplicationCommandAutocomplete:
      return onAutocomplete(interaction, deps);
    case InteractionType.MessageComponent:
      return onComponent(interaction, deps);
    default:
      return notice('This kind of interaction is not supported.');
  }
}

function noChoices(): APIInteractionResponse {
  return {
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices: [] },
  };
}

function onCommand<Services>(
  interaction: APIChatInputApplicationCommandInteraction,
  deps: DispatchDeps<Services>,
): Promise<APIInteractionResponse> {
  const command = findCommand(deps.commands, interaction.data.name);
  if (!command) return Promise.resolve(notice(unknownCommand(interaction.data.name)));
  const { subcommand, options } = readOptions(interaction.data.options);
  const base = baseContext(interaction, deps);
  const check = dispatchCheck('command', command, subcommand, options, null, base);
  const respond: Responder = { kind: 'command', interaction };
  return runGuarded(deps, check, respond, () =>
    command.run({ ...base, interaction, subcommand, options }),
  );
}

async function onAutocomplete<Services>(
  interaction: APIApplicationCommandAutocompleteInteraction,
  deps: DispatchDeps<Services>,
): Promise<APIInteractionResponse> {
  const command = findCommand(deps.commands, interaction.data.name);
  const { subcommand, options, focused } = readOptions(interaction.data.options);
  const autocomplete = command?.autocomplete;
  if (!command || !autocomplete || !focused) return noChoices();
  const base = baseContext(interaction, deps);
  const check = dispatchCheck('autocomplete', command, subcommand, options, null, base);
  const respond: Responder = { kind: 'autocomplete', interaction };
  return runGuarded(deps, check, respond, () =>
    autocomplete.call(command, { ...base, interaction, subcommand, options, focused }),
  );
}

async function onComponent<Services>(
  interaction: APIMessageComponentInteraction,
  deps: DispatchDeps<Services>,
): Promise<APIInteractionResponse> {
  const customId = interaction.data.custom_id;
  const split = customId.indexOf(':');
  const name = split === -1 ? customId : customId.slice(0, split);
  const rest = split === -1 ? '' : customId.slice(split + 1);
  const command = findCommand(deps.commands, name);
  const component = command?.component;
  if (!command || !component)
    return notice('This button belongs to a command that no longer exists; run the command again.');
  const values = 'values' in interaction.data ? interaction.data.values : [];
  const base = baseContext(interaction, deps);
  const check = dispatchCheck('component', command, [], {}, rest, base);
  const respond: Responder = { kind: 'component', interaction };
  const another = pressedByAnother(interaction, base.caller.userId);
  return runGuarded(deps, check, respond, async () => {
    const result = await component.call(command, { ...base, interaction, customId: rest, values });
    return another ? asPrivateCopy(result) : result;
  });
}

function baseContext<Services>(
  interaction: APIInteraction,
  deps: DispatchDeps<Services>,
): InteractionContext<Services> {
  return {
    caller: readCaller(interaction),
    services: deps.services,
    now: deps.now,
    rest: deps.rest,
    applicationId: interaction.application_id,
    log: deps.log ?? consoleLog,
    commands: deps.commands,
  };
}

function dispatchCheck<Services>(
  kind: DispatchCheck<Services>['kind'],
  command: Command<Services>,
  subcommand: readonly string[],
  options: DispatchCheck<Services>['options'],
  customId: string | null,
  context: InteractionContext<Services>,
): DispatchCheck<Services> {
  return {
    kind,
    command,
    subcommand,
    options,
    customId,
    context,
    required: requiredAccess(command.access, { kind, subcommand, customId }),
  };
}

function findCommand<Services>(
  commands: readonly Command<Services>[],
  name: string,
): Command<Services> | undefined {
  return commands.find((command) => command.definition.name === name);
}

function unknownCommand(name: string): string {
  return `/${name} is not a command this app knows (the command list may be out of date; an admin can run \`npm run register\`).`;
}

function notice(content: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { ...messagePayload({ content }), flags: MessageFlags.Ephemeral },
  };
}
