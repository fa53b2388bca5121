import type { CommandServices } from '../services.ts';
import { type AccessLevel, meetsAccess } from '../discord/access.ts';
import { type RateClass, rateClassOf } from '../discord/command.ts';
import type {
  AfterDispatch,
  BeforeDispatch,
  DispatchCheck,
  DispatchOutcome,
  Verdict,
} from '../discord/dispatch.ts';
import { auditOptions, tallyAudit, writeAudit } from './audit.ts';
import {
  DEFAULT_RATE_LIMITS,
  type RateLimitPolicy,
  bucketsFor,
  retryMessage,
  takeTokens,
} from './rate-limit.ts';
import { levelName, loadAccessFacts, resolveAccess } from './resolve-access.ts';
import { UNBOUND_DM_NOTE, UNBOUND_NOTE } from './community.ts';

type Check = DispatchCheck<CommandServices>;

/**
 * The transport's `beforeDispatch`/`afterDispatch` (worker/discord/run-handler.ts): every command,
 * autocomplete and button is rate-limited, then checked against the level its command requires, on the
 * server, whatever Discord's own command permissions say. Then the audit log gets a row for every denied
 * attempt and every privileged act (a command or button needing MODERATOR or more), written in
 * `waitUntil` so it never delays the answer.
 *
 * Rate limits come first, and denied autocomplete (a request per keystroke) is counted into one row per
 * user, guild, command and hour, so a flood of forbidden attempts cannot flood the audit log. Refusals
 * for speed are logged, not audited. OWNERs are exempt from rate limits (they are named in the configuration).
 */
export interface AccessHooksOptions {
  readonly limits?: RateLimitPolicy;
  readonly rateClassOf?: (check: Check) => RateClass;
}

export interface AccessHooks {
  readonly beforeDispatch: BeforeDispatch<CommandServices>;
  readonly afterDispatch: AfterDispatch<CommandServices>;
}

/** Autocomplete is light per keystroke; each command says its own weight (charts and reports: heavy). */
export function defaultRateClass(
  check: Pick<Check, 'kind' | 'command' | 'subcommand' | 'customId'>,
): RateClass {
  return rateClassOf(check.command, check);
}

/** `admin servers add`; a button is `admin [button rebuild]`, autocomplete `stats [autocomplete]`. */
export function commandPath(
  check: Pick<Check, 'kind' | 'command' | 'subcommand' | 'customId'>,
): string {
  const base = [check.command.definition.name, ...check.subcommand].join(' ');
  if (check.kind === 'autocomplete') return `${base} [autocomplete]`;
  if (check.kind === 'component')
    return `${base} [button ${(check.customId ?? '').split(':')[0] ?? ''}]`;
  return base;
}

interface Decision {
  readonly at: Date;
  readonly level: AccessLevel | null;
  readonly rateLimited: boolean;
}

const PRIVILEGED: AccessLevel = 'moderator';

export function createAccessHooks(options: AccessHooksOptions = {}): AccessHooks {
  const limits = options.limits ?? DEFAULT_RATE_LIMITS;
  const classOf = options.rateClassOf ?? defaultRateClass;
  // The same check object reaches both hooks: what the first decided is kept for the audit row.
  const decisions = new WeakMap<Check, Decision>();

  const beforeDispatch = async (check: Check): Promise<Verdict> => {
    const { caller, services, now } = check.context;
    const at = now();
    const owners = services.config.ownerUserIds;
    if (caller.userId === '')
      return {
        allow: false,
        message: 'This interaction carries no user, so it cannot be checked.',
      };
    const owner = owners.includes(caller.userId);
    if (services.community === null && !worksWithoutCommunity(check, owner)) {
      decisions.set(check, { at, level: owner ? 'owner' : null, rateLimited: false });
      return { allow: false, message: caller.guildId === null ? UNBOUND_DM_NOTE : UNBOUND_NOTE };
    }
    if (owner) {
      decisions.set(check, { at, level: 'owner', rateLimited: false });
      return { allow: true };
    }
    const limit = await takeTokens(services.db, bucketsFor(limits, classOf(check), caller), at);
    if (!limit.allowed) {
      decisions.set(check, { at, level: null, rateLimited: true });
      check.context.log('info', 'rate limited', {
        user: caller.userId,
        guild: caller.guildId,
        command: commandPath(check),
        bucket: limit.key,
      });
      return { allow: false, message: retryMessage(limit.retryAfterSeconds) };
    }
    if (check.required === 'public') {
      decisions.set(check, { at, level: null, rateLimited: false });
      return { allow: true };
    }
    const level = resolveAccess(
      caller,
      await loadAccessFacts(services.db, caller, owners, services.community?.id ?? null),
    );
    decisions.set(check, { at, level, rateLimited: false });
    if (meetsAccess(level, check.required)) return { allow: true };
    return { allow: false, message: denialMessage(check, level) };
  };

  const afterDispatch = async (
    check: Check,
    result: { outcome: DispatchOutcome; errorId?: string },
  ): Promise<void> => {
    const decision = decisions.get(check);
    if (decision?.rateLimited) return;
    const privileged = meetsAccess(check.required, PRIVILEGED) && check.kind !== 'autocomplete';
    if (result.outcome !== 'denied' && !privileged) return;
    const { caller, services, now } = check.context;
    const detail =
      result.outcome === 'denied'
        ? `needs ${check.required}, has ${decision?.level ?? 'unknown'}`
        : result.errorId !== undefined
          ? `error ${result.errorId}`
          : null;
    const options =
      check.kind === 'component'
        ? { custom_id: check.customId ?? '' }
        : auditOptions(check.options);
    // Denied autocomplete comes once a keystroke: counted into one row an hour, not a row each.
    const write =
      check.kind === 'autocomplete' && result.outcome === 'denied' ? tallyAudit : writeAudit;
    // A failure here is logged by the transport ("afterDispatch failed"); the answer is already out.
    await write(services.db, {
      communityId: services.community?.id ?? null,
      at: decision?.at ?? now(),
      userId: caller.userId,
      guildId: caller.guildId,
      command: commandPath(check),
      options,
      outcome: result.outcome,
      detail,
    });
  };

  return { beforeDispatch, afterDispatch };
}

/**
 * Outside any community only /help answers, and an owner's `/admin community` (to bind the guild).
 * Nothing else may run: every other handler reads or writes a community's data.
 */
function worksWithoutCommunity(check: Check, owner: boolean): boolean {
  const name = check.command.definition.name;
  if (name === 'help') return true;
  return owner && name === 'admin' && check.subcommand[0] === 'community';
}

function denialMessage(check: Check, level: AccessLevel): string {
  const what =
    check.kind === 'component'
      ? 'This button'
      : `/${[check.command.definition.name, ...check.subcommand].join(' ')}`;
  const yours = level === 'public' ? 'you have no staff role here' : `your level is ${level}`;
  return `${what} is for ${levelName(check.required)} only (${yours}). If you should have access, ask an admin to map your role with /admin roles.`;
}
