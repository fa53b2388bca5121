import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
} from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { displayText } from '../../stats/display-text.ts';
import type { Command, InteractionContext } from './command.ts';
import type { AccessLevel } from './access.ts';
import { apologyMessage, newErrorId } from './apology.ts';
import type { OptionValue } from './interaction.ts';
import { clipText, fitToLimits } from './limits.ts';
import { errorFields, type Log } from './log.ts';
import { type DiscordMessage, messagePayload } from './message.ts';
import type { Choice, ComponentResult } from './responses.ts';
import type { DiscordRest } from './rest.ts';

/** What the transport needs; the edge builds it once per request. */
export interface DispatchDeps<Services> {
  readonly services: Services;
  readonly now: () => Date;
  readonly rest: DiscordRest;
  readonly commands: readonly Command<Services>[];
  /** The Worker's `ctx.waitUntil`: deferred work and late answers run there after the response is sent. */
  readonly waitUntil: (work: Promise<unknown>) => void;
  readonly beforeDispatch?: BeforeDispatch<Services>;
  readonly afterDispatch?: AfterDispatch<Services>;
  readonly log?: Log;
  /** A handler still busy after this long is answered "thinking…" and finished later (default 2,200 ms; Discord waits 3 s). */
  readonly deadlineMs?: number;
  readonly newErrorId?: () => string;
  /**
   * Records an interaction id as handled; false when it was recorded before (a replayed request).
   * A throw fails closed: the apology, nothing run.
   */
  readonly claimInteraction?: (id: string) => Promise<boolean>;
}

/** What is about to run, for permission and rate-limit checks and the audit log. */
export interface DispatchCheck<Services> {
  readonly kind: 'command' | 'autocomplete' | 'component';
  readonly command: Command<Services>;
  readonly required: AccessLevel;
  readonly subcommand: readonly string[];
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly customId: string | null;
  readonly context: InteractionContext<Services>;
}

/** A denial's message is shown to the caller only (ephemeral); denied autocomplete offers no choices. */
export type Verdict =
  | { readonly allow: true }
  | { readonly allow: false; readonly message: string };
/** Runs before every handler; a throw here fails closed (apology, handler not run). */
export type BeforeDispatch<Services> = (
  check: DispatchCheck<Services>,
) => Verdict | Promise<Verdict>;
export type DispatchOutcome = 'answered' | 'denied' | 'failed';
/** Runs in waitUntil once the interaction is finished (for deferred work: after the final edit). */
export type AfterDispatch<Services> = (
  check: DispatchCheck<Services>,
  result: { outcome: DispatchOutcome; errorId?: string },
) => void | Promise<void>;

export type Responder =
  | { readonly kind: 'command'; readonly interaction: APIChatInputApplicationCommandInteraction }
  | {
      readonly kind: 'autocomplete';
      readonly interaction: APIApplicationCommandAutocompleteInteraction;
    }
  | { readonly kind: 'component'; readonly interaction: APIMessageComponentInteraction };

type Output = ComponentResult | readonly Choice[];
type Settled =
  | { state: 'value'; value: Output }
  | { state: 'error'; error: unknown }
  | { state: 'late' };

const MAX_CHOICES = 25;
const MAX_CHOICE_TEXT = 100;

/** Runs the permission hook and the handler, turning every outcome (slow, thrown, too big) into a valid response. */
export async function runGuarded<Services>(
  deps: DispatchDeps<Services>,
  check: DispatchCheck<Services>,
  respond: Responder,
  handler: () => Output | Promise<Output>,
): Promise<APIInteractionResponse> {
  const run = new Run(deps, check, respond);
  let verdict: Verdict;
  try {
    verdict = deps.beforeDispatch ? await deps.beforeDispatch(check) : { allow: true };
  } catch (error) {
    return run.fail(error, 'beforeDispatch');
  }
  if (!verdict.allow) {
    run.after('denied');
    return respond.kind === 'autocomplete' ? choices([]) : ephemeral({ content: verdict.message });
  }
  const pending = Promise.resolve().then(handler);
  const settled = await withDeadline(pending, deps.deadlineMs ?? 2200);
  if (settled.state === 'error') return run.fail(settled.error, 'handler');
  if (settled.state === 'late') {
    run.log('warn', 'handler missed the deadline; answered deferred', {});
    deps.waitUntil(run.deliverLate(pending));
    if (respond.kind === 'autocomplete') return choices([]);
    return {
      type:
        respond.kind === 'command'
          ? InteractionResponseType.DeferredChannelMessageWithSource
          : InteractionResponseType.DeferredMessageUpdate,
    };
  }
  try {
    return run.respondNow(settled.value);
  } catch (error) {
    return run.fail(error, 'response');
  }
}

class Run<Services> {
  constructor(
    private readonly deps: DispatchDeps<Services>,
    private readonly check: DispatchCheck<Services>,
    private readonly respond: Responder,
  ) {}

  respondNow(output: Output): APIInteractionResponse {
    if (this.respond.kind === 'autocomplete') {
      this.after('answered');
      return choices(this.clampChoices(output as readonly Choice[]));
    }
    const result = output as ComponentResult;
    if (
      this.respond.kind === 'command' &&
      (result.kind === 'update' || result.kind === 'deferUpdate')
    ) {
      throw new Error(
        `/${this.check.command.definition.name} returned ${result.kind}, which only a component handler may return`,
      );
    }
    switch (result.kind) {
      case 'reply': {
        const response = ephemeral(this.fit(result.message), result.ephemeral);
        this.after('answered');
        return response;
      }
      case 'update': {
        const response: APIInteractionResponse = {
          type: InteractionResponseType.UpdateMessage,
          data: messagePayload(this.fit(result.message)),
        };
        this.after('answered');
        return response;
      }
      case 'defer':
        this.deps.waitUntil(this.complete(result.finish, 'edit', result.ephemeral));
        return result.ephemeral
          ? {
              type: InteractionResponseType.DeferredChannelMessageWithSource,
              data: { flags: MessageFlags.Ephemeral },
            }
          : { type: InteractionResponseType.DeferredChannelMessageWithSource };
      case 'deferUpdate':
        this.deps.waitUntil(this.complete(result.finish, 'edit', false));
        return { type: InteractionResponseType.DeferredMessageUpdate };
    }
  }

  /** After a late "thinking…" (type 5 for commands, type 6 for components), deliver what the handler produced. */
  async deliverLate(pending: Promise<Output>): Promise<void> {
    let output: Output;
    try {
      output = await pending;
    } catch (error) {
      await this.apologise(
        error,
        'handler',
        this.respond.kind === 'component' ? 'followup' : 'edit',
      );
      return;
    }
    if (this.respond.kind === 'autocomplete') return;
    const result = output as ComponentResult;
    const now = (message: DiscordMessage) => async () => message;
    if (this.respond.kind === 'command') {
      if (result.kind === 'reply' || result.kind === 'update')
        return this.complete(now(result.message), 'edit', false);
      return this.complete(result.finish, 'edit', false);
    }
    switch (result.kind) {
      case 'reply':
        return this.complete(now(result.message), 'followup', result.ephemeral);
      case 'defer':
        return this.complete(result.finish, 'followup', result.ephemeral);
      case 'update':
        return this.complete(now(result.message), 'edit', false);
      case 'deferUpdate':
        return this.complete(result.finish, 'edit', false);
    }
  }

  /** Builds the final message and sends it; a failure anywhere edits in the apology instead. */
  async complete(
    finish: () => Promise<DiscordMessage>,
    via: 'edit' | 'followup',
    ephemeralFollowup: boolean,
  ): Promise<void> {
    let message: DiscordMessage;
    try {
      message = this.fit(await finish());
    } catch (error) {
      await this.apologise(error, 'deferred work', via);
      return;
    }
    const sent = await this.send(message, via, ephemeralFollowup);
    if (sent.ok) {
      this.after('answered');
      return;
    }
    await this.apologise(new Error(sent.reason), 'deferred delivery', via);
  }

  fail(error: unknown, stage: string): APIInteractionResponse {
    const errorId = this.record(error, stage);
    if (this.respond.kind === 'autocomplete') return choices([]);
    return ephemeral(apologyMessage(errorId));
  }

  after(outcome: DispatchOutcome, errorId?: string): void {
    const hook = this.deps.afterDispatch;
    if (!hook) return;
    const result = errorId === undefined ? { outcome } : { outcome, errorId };
    this.deps.waitUntil(
      Promise.resolve()
        .then(() => hook(this.check, result))
        .catch((error) => this.log('error', 'afterDispatch failed', errorFields(error))),
    );
  }

  log(level: 'error' | 'warn' | 'info', event: string, fields: Record<string, unknown>): void {
    const { kind, command, subcommand, customId, context } = this.check;
    this.check.context.log(level, event, {
      kind,
      command: command.definition.name,
      subcommand: subcommand.join(' ') || undefined,
      customId: customId ?? undefined,
      user: context.caller.userId,
      guild: context.caller.guildId,
      ...fields,
    });
  }

  private async apologise(error: unknown, stage: string, via: 'edit' | 'followup'): Promise<void> {
    const errorId = this.record(error, stage);
    const sent = await this.send(apologyMessage(errorId), via, true);
    if (!sent.ok)
      this.log('error', 'could not deliver the apology', { errorId, reason: sent.reason });
  }

  private record(error: unknown, stage: string): string {
    const errorId = (this.deps.newErrorId ?? newErrorId)();
    this.log('error', 'interaction failed', { errorId, stage, ...errorFields(error) });
    this.after('failed', errorId);
    return errorId;
  }

  private send(message: DiscordMessage, via: 'edit' | 'followup', ephemeralFollowup: boolean) {
    const { application_id: app, token } = this.respond.interaction;
    return via === 'edit'
      ? this.deps.rest.editOriginal(app, token, message)
      : this.deps.rest.createFollowup(app, token, message, { ephemeral: ephemeralFollowup });
  }

  private fit<M extends DiscordMessage>(message: M): M {
    const fitted = fitToLimits(message);
    if (fitted.trimmed.length > 0)
      this.log('warn', 'message trimmed to fit Discord limits', { trimmed: fitted.trimmed });
    return fitted.message as M;
  }

  /** Choice names are shown as they are (no markdown), so they are made one visible line here. */
  private clampChoices(offered: readonly Choice[]): Choice[] {
    const valid = offered
      .map((choice) => ({ name: displayText(choice.name), value: choice.value }))
      .filter(
        (choice) =>
          choice.name !== '' &&
          (typeof choice.value !== 'string' || choice.value.length <= MAX_CHOICE_TEXT),
      );
    if (valid.length < offered.length)
      this.log('warn', 'dropped autocomplete choices Discord would reject', {
        dropped: offered.length - valid.length,
      });
    return valid
      .slice(0, MAX_CHOICES)
      .map((choice) => ({ name: clipText(choice.name, MAX_CHOICE_TEXT), value: choice.value }));
  }
}

function ephemeral(message: DiscordMessage, isEphemeral = true): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: messagePayload(message, { ephemeral: isEphemeral }),
  };
}

function choices(list: Choice[]): APIInteractionResponse {
  return {
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices: list },
  };
}

async function withDeadline(pending: Promise<Output>, ms: number): Promise<Settled> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'late' }), ms);
  });
  try {
    return await Promise.race([
      pending.then(
        (value): Settled => ({ state: 'value', value }),
        (error): Settled => ({ state: 'error', error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
