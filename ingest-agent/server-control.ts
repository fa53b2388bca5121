/**
 * Fetches the Worker's pending commands, checks each (signature, expiry, target, single use, this
 * server's allow-list), runs what passes through RCON on localhost and reports every outcome, refusals
 * included. Nothing reaches RCON without passing every check.
 */
import { decodePublicKey } from '../ingest-protocol/keys.ts';
import {
  type CommandOutcome,
  MAX_OUTCOME_DETAIL,
  commandsUrl,
  outcomeUrl,
  verifyServerCommand,
} from '../ingest-protocol/server-command.ts';
import { consoleCommand } from './allow-list.ts';
import type { ControlConfig, LiveConfig } from './live-config.ts';
import type { Logger } from './log.ts';
import { sendRcon } from './rcon.ts';
import { type SignedTarget, postSigned } from './signed-post.ts';
import type { UsedCommands } from './used-commands.ts';

export interface ControlDeps {
  readonly url: string;
  readonly target: SignedTarget;
  readonly live: LiveConfig;
  readonly control: ControlConfig;
  readonly used: UsedCommands;
  readonly log: Logger;
  readonly now: () => Date;
}

/** Outcomes the Worker has not acknowledged yet: sent again on the next pass. */
export interface ControlState {
  readonly unsent: CommandOutcome[];
}

const clip = (text: string) => text.trim().slice(0, MAX_OUTCOME_DETAIL);

/** Checks and runs one command as it came from the Worker; returns its outcome (null: no id to report). */
export async function handleCommand(
  deps: ControlDeps,
  signed: unknown,
): Promise<CommandOutcome | null> {
  const key = decodePublicKey(deps.control.workerPublicKey);
  if (!key.ok) throw new Error(`control.workerPublicKey: ${key.reason}`);
  const checked = await verifyServerCommand(signed, {
    workerPublicKey: key.raw,
    ownKeys: deps.target.keys.map((k) => k.publicKey),
    now: deps.now(),
  });
  if (!checked.ok) {
    deps.log.log('warn', 'command.refused', { id: checked.id, reason: checked.reason });
    return checked.id ? { id: checked.id, status: 'refused', detail: checked.reason } : null;
  }
  const { command } = checked;
  if (deps.used.has(command.id)) {
    deps.log.log('warn', 'command.refused', { id: command.id, reason: 'replayed' });
    return {
      id: command.id,
      status: 'refused',
      detail: 'this command id was already taken (replayed)',
    };
  }
  const line = consoleCommand(command, deps.control);
  if (!line.ok) {
    await deps.used.take(command.id, deps.now());
    deps.log.log('warn', 'command.refused', {
      id: command.id,
      action: command.action,
      reason: line.reason,
    });
    return { id: command.id, status: 'refused', detail: line.reason };
  }
  // Taken before it runs: a crash mid-run must not run it a second time.
  if (!(await deps.used.take(command.id, deps.now())))
    return {
      id: command.id,
      status: 'refused',
      detail: 'this command id was already taken (replayed)',
    };
  const result = await sendRcon(
    deps.live,
    deps.control.rconPassword,
    line.line,
    deps.live.timeoutMs,
  );
  deps.log.log(result.ok ? 'info' : 'warn', 'command.ran', {
    id: command.id,
    action: command.action,
    ...(result.ok ? {} : { reason: result.reason }),
  });
  return result.ok
    ? { id: command.id, status: 'done', detail: clip(result.output) || '(no output)' }
    : { id: command.id, status: 'failed', detail: clip(result.reason) };
}

/** One pass: fetch, handle, report (and report again what the last pass could not). */
export async function controlPass(deps: ControlDeps, state: ControlState): Promise<void> {
  const fetched = await postSigned(
    deps.target,
    commandsUrl(deps.url),
    { nonce: crypto.randomUUID(), at: deps.now().toISOString() },
    deps.now(),
  );
  if (!fetched.ok) {
    deps.log.log('warn', 'commands.fetch_failed', { reason: fetched.reason });
  } else {
    const list = (fetched.json as { commands?: unknown } | null)?.commands;
    for (const signed of Array.isArray(list) ? list : []) {
      const outcome = await handleCommand(deps, signed);
      if (outcome) state.unsent.push(outcome);
    }
  }
  while (state.unsent.length > 0) {
    const outcome = state.unsent[0] as CommandOutcome;
    const sent = await postSigned(deps.target, outcomeUrl(deps.url), outcome, deps.now());
    // 404/409: the Worker does not know the id or already has its outcome; sending again cannot help.
    if (!sent.ok && !/^HTTP (404|409)/.test(sent.reason)) {
      deps.log.log('warn', 'commands.outcome_unsent', { id: outcome.id, reason: sent.reason });
      return;
    }
    state.unsent.shift();
  }
}
