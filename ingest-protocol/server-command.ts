/**
 * Server control without passwords leaving the game server: the Worker queues a command signed with its
 * own Ed25519 key (AGENT_COMMAND_KEY); the agent fetches pending ones over its signed channel
 * (`POST /ingest/commands`), checks the Worker's signature against the public key it was given at
 * `init`, the expiry, that the id was never run before, that one of its own keys is a target, and its
 * own allow-list, then runs it through RCON on localhost and reports the outcome
 * (`POST /ingest/commands/outcome`).
 *
 * The signature covers `etstats-command.` followed by the exact `command` text, so nothing in the JSON
 * around it (or a re-encoding of it) can change what was signed.
 */
import { importPublicKey } from './keys.ts';
import { encodeUtf8, fromBase64, toBase64 } from './protocol.ts';

export type ServerAction = 'say' | 'map' | 'map_restart' | 'kick';
export const SERVER_ACTIONS: readonly ServerAction[] = ['say', 'map', 'map_restart', 'kick'];

/** A command as the Worker signed it. */
export interface ServerCommand {
  /** Random UUID: the agent runs each id once, ever. */
  readonly id: string;
  readonly action: ServerAction;
  readonly args: readonly string[];
  /** The agent public keys (base64) of the game server it is for: another server refuses it. */
  readonly targets: readonly string[];
  /** Unix seconds. */
  readonly issuedAt: number;
  /** Unix seconds; the agent refuses it from then on. */
  readonly expiresAt: number;
}

/** What travels: the command's JSON text and the Worker's signature over it. */
export interface SignedServerCommand {
  readonly command: string;
  readonly signature: string;
}

/** The answer to `POST /ingest/commands`. */
export interface PendingCommands {
  readonly commands: readonly SignedServerCommand[];
}

export type CommandOutcomeStatus = 'done' | 'refused' | 'failed';

/** The body of `POST /ingest/commands/outcome`. */
export interface CommandOutcome {
  readonly id: string;
  /** done: RCON answered; refused: the agent would not run it; failed: RCON did not work. */
  readonly status: CommandOutcomeStatus;
  /** The game's answer, or why it was refused or failed (clipped to MAX_OUTCOME_DETAIL). */
  readonly detail: string;
}

/** A command is valid this long after it was signed. */
export const COMMAND_TTL_S = 60;
export const MAX_OUTCOME_DETAIL = 1000;
export const MAX_SAY_LENGTH = 150;
export const MAX_PENDING_COMMANDS = 10;
const SIGNED_PREFIX = 'etstats-command.';

export const commandsUrl = (ingestUrl: string) => `${ingestUrl.replace(/\/+$/, '')}/commands`;
export const outcomeUrl = (ingestUrl: string) =>
  `${ingestUrl.replace(/\/+$/, '')}/commands/outcome`;

const MAP_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SLOT = /^\d{1,2}$/;
/** A player name for kick: no whitespace (it would split into arguments), no quotes or separators. */
const KICK_NAME = /^[^\s;"\\^]{1,36}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks an action's arguments for anything that could make RCON run more than that one command:
 * `;` and line ends separate commands in the game's console, quotes would end the quoted text, a
 * backslash or `//` starts escapes and comments, and a `^` not followed by a letter or digit is no
 * colour code but could swallow the character after it. Both sides check: the Worker to answer the
 * admin at once, the agent because it trusts nothing it did not check itself.
 */
export function checkCommandArgs(
  action: string,
  args: readonly unknown[],
): { ok: true } | { ok: false; reason: string } {
  const bad = (reason: string) => ({ ok: false as const, reason });
  if (!args.every((a) => typeof a === 'string')) return bad('arguments must be text');
  const [first] = args as readonly string[];
  switch (action) {
    case 'map_restart':
      return args.length === 0 ? { ok: true } : bad('map_restart takes no argument');
    case 'map':
      if (args.length !== 1 || !first || !MAP_NAME.test(first))
        return bad('map takes one map name: letters, digits, _ and - (at most 64)');
      return { ok: true };
    case 'kick':
      if (args.length !== 1 || !first || !(SLOT.test(first) || KICK_NAME.test(first)))
        return bad('kick takes a client slot number or a name without spaces, quotes, ^ or ;');
      return { ok: true };
    case 'say': {
      if (args.length !== 1 || !first) return bad('say takes one message');
      if (first.length > MAX_SAY_LENGTH)
        return bad(`the message is over ${MAX_SAY_LENGTH} characters`);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end or chain commands
      if (/[\u0000-\u001f\u007f;"\\]/.test(first))
        return bad('the message may not hold line ends, control characters, ; " or \\');
      if (first.includes('//') || first.includes('/*'))
        return bad('the message may not hold // or /* (the console reads them as comments)');
      if (/\^(?![A-Za-z0-9])/.test(first))
        return bad('^ is allowed only as a colour code (^ followed by a letter or digit)');
      return { ok: true };
    }
    default:
      return bad(`"${String(action).slice(0, 20)}" is not a server action`);
  }
}

function signedBytes(command: string) {
  return encodeUtf8(`${SIGNED_PREFIX}${command}`);
}

/** Signs a command with the Worker's private key (PKCS#8 imported for 'sign'). */
export async function signServerCommand(
  command: ServerCommand,
  privateKey: CryptoKey,
): Promise<SignedServerCommand> {
  const text = JSON.stringify(command);
  const signature = new Uint8Array(
    await crypto.subtle.sign('Ed25519', privateKey, signedBytes(text)),
  );
  return { command: text, signature: toBase64(signature) };
}

export type CommandCheck =
  | { readonly ok: true; readonly command: ServerCommand }
  | { readonly ok: false; readonly id: string | null; readonly reason: string };

/**
 * The agent's checks that need no state: the Worker's signature, the command's shape, its expiry and
 * its target. Replay (a used id) and the allow-list are the agent's own. Never throws.
 */
export async function verifyServerCommand(
  signed: unknown,
  input: {
    readonly workerPublicKey: Uint8Array<ArrayBuffer>;
    readonly ownKeys: readonly string[];
    readonly now: Date;
  },
): Promise<CommandCheck> {
  const envelope = (signed ?? {}) as Partial<Record<keyof SignedServerCommand, unknown>>;
  if (typeof envelope.command !== 'string' || typeof envelope.signature !== 'string')
    return { ok: false, id: null, reason: 'not a signed command' };
  let parsed: Partial<ServerCommand>;
  try {
    parsed = JSON.parse(envelope.command);
  } catch {
    return { ok: false, id: null, reason: 'the command is not JSON' };
  }
  const id = typeof parsed.id === 'string' && UUID.test(parsed.id) ? parsed.id : null;
  const refuse = (reason: string): CommandCheck => ({ ok: false, id, reason });
  const signature = fromBase64(envelope.signature);
  if (signature?.length !== 64) return refuse('the signature is not Ed25519');
  let verified = false;
  try {
    verified = await crypto.subtle.verify(
      'Ed25519',
      await importPublicKey(input.workerPublicKey),
      signature as Uint8Array<ArrayBuffer>,
      signedBytes(envelope.command),
    );
  } catch {
    verified = false;
  }
  if (!verified)
    return refuse('the signature does not verify with the Worker key this agent was given');
  if (!id) return refuse('the command has no valid id');
  if (!SERVER_ACTIONS.includes(parsed.action as ServerAction))
    return refuse(`"${String(parsed.action).slice(0, 20)}" is not a server action`);
  const { issuedAt, expiresAt } = parsed;
  if (!Number.isInteger(issuedAt) || !Number.isInteger(expiresAt))
    return refuse('the command has no issue or expiry time');
  if ((expiresAt as number) - (issuedAt as number) > COMMAND_TTL_S)
    return refuse(`the command is valid for more than ${COMMAND_TTL_S} s`);
  const nowS = Math.floor(input.now.getTime() / 1000);
  if (nowS >= (expiresAt as number))
    return refuse(`the command expired ${nowS - (expiresAt as number)} s ago`);
  if ((issuedAt as number) > nowS + COMMAND_TTL_S)
    return refuse('the command was issued in the future (is this clock right?)');
  const targets = Array.isArray(parsed.targets) ? parsed.targets : [];
  if (!targets.some((t) => input.ownKeys.includes(t)))
    return refuse('the command is for another game server');
  const args = Array.isArray(parsed.args) ? parsed.args : [];
  const checked = checkCommandArgs(parsed.action as string, args);
  if (!checked.ok) return refuse(checked.reason);
  return { ok: true, command: parsed as ServerCommand };
}
