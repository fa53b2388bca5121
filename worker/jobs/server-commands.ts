/**
 * The server-command queue: an admin's command is signed with the Worker's AGENT_COMMAND_KEY and queued
 * for one game server; its agent fetches it once (`POST /ingest/commands`) and reports what happened
 * (`POST /ingest/commands/outcome`). A command nobody fetched before its expiry is closed as expired and
 * never handed out. Every step lands in the audit log (server-command-audit.ts).
 */
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  COMMAND_TTL_S,
  type CommandOutcome,
  MAX_OUTCOME_DETAIL,
  MAX_PENDING_COMMANDS,
  type ServerAction,
  type ServerCommand,
  type SignedServerCommand,
  checkCommandArgs,
  signServerCommand,
} from '../../ingest-protocol/server-command.ts';
import { fromBase64, TIMESTAMP_TOLERANCE_S } from '../../ingest-protocol/protocol.ts';
import { serverKeys } from '../../schema/ingest.ts';
import { serverCommands } from '../../schema/server-commands.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { auditServerCommand, auditServerRefusal } from './server-command-audit.ts';

export interface QueueRequest {
  readonly communityId: number;
  readonly server: { readonly id: number; readonly name: string };
  readonly action: ServerAction;
  readonly args: readonly string[];
  readonly issuedBy: string;
  readonly guildId: string | null;
  readonly now: Date;
  /** AGENT_COMMAND_KEY: base64 PKCS#8 Ed25519, checked when the settings were read. */
  readonly commandKey: string;
}

export type QueueResult =
  | { readonly ok: true; readonly id: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: string };

async function importCommandKey(base64: string): Promise<CryptoKey> {
  const pkcs8 = fromBase64(base64);
  if (!pkcs8) throw new Error('AGENT_COMMAND_KEY is not base64');
  return crypto.subtle.importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, 'Ed25519', false, [
    'sign',
  ]);
}

/**
 * Checks, signs and queues one command. A refusal (bad arguments, a server without an agent key) is
 * audited with its reason and queues nothing.
 */
export async function queueServerCommand(
  db: Queryable,
  request: QueueRequest,
): Promise<QueueResult> {
  const refuse = async (reason: string): Promise<QueueResult> => {
    await auditServerRefusal(db, request, reason);
    return { ok: false, reason };
  };
  const checked = checkCommandArgs(request.action, request.args);
  if (!checked.ok) return refuse(checked.reason);
  const keys = await db
    .select({ publicKey: serverKeys.publicKey })
    .from(serverKeys)
    .where(and(eq(serverKeys.serverId, request.server.id), isNull(serverKeys.revokedAt)));
  if (keys.length === 0)
    return refuse(
      `server "${request.server.name}" has no active agent key, so no agent could run it`,
    );
  const issuedAt = Math.floor(request.now.getTime() / 1000);
  const command: ServerCommand = {
    id: crypto.randomUUID(),
    action: request.action,
    args: [...request.args],
    targets: keys.map((k) => k.publicKey),
    issuedAt,
    expiresAt: issuedAt + COMMAND_TTL_S,
  };
  const signed = await signServerCommand(command, await importCommandKey(request.commandKey));
  const expiresAt = new Date(command.expiresAt * 1000);
  await db.insert(serverCommands).values({
    id: command.id,
    communityId: request.communityId,
    serverId: request.server.id,
    action: command.action,
    args: [...command.args],
    issuedBy: request.issuedBy,
    // To the millisecond (the signed time is whole seconds): two commands of one second keep their order.
    issuedAt: request.now,
    expiresAt,
    command: signed.command,
    signature: signed.signature,
  });
  await auditServerCommand(db, {
    ...command,
    communityId: request.communityId,
    issuedBy: request.issuedBy,
    guildId: request.guildId,
    outcome: 'queued',
    detail: `for ${request.server.name}, expires in ${COMMAND_TTL_S} s`,
    at: request.now,
  });
  return { ok: true, id: command.id, expiresAt };
}

const closed = {
  id: serverCommands.id,
  communityId: serverCommands.communityId,
  action: serverCommands.action,
  args: serverCommands.args,
  issuedBy: serverCommands.issuedBy,
};

/**
 * Closes every pending command past its expiry (of one server, or all): it was never handed out and never
 * will be. Each is audited. Returns how many.
 */
export async function expireServerCommands(
  db: Queryable,
  now: Date,
  serverId?: number,
): Promise<number> {
  const expired = await db
    .update(serverCommands)
    .set({ status: 'expired', outcome: 'no agent fetched it before it expired', outcomeAt: now })
    .where(
      and(
        eq(serverCommands.status, 'pending'),
        lte(serverCommands.expiresAt, now),
        serverId === undefined ? undefined : eq(serverCommands.serverId, serverId),
      ),
    )
    .returning(closed);
  for (const row of expired)
    await auditServerCommand(db, {
      ...row,
      guildId: null,
      outcome: 'expired',
      detail: 'no agent fetched it before it expired',
      at: now,
    });
  return expired.length;
}

/**
 * Hands a server's pending, unexpired commands to its agent, oldest first, each once: the status moves
 * from pending to sent in the same statement that picks them, so two fetches at once never both get one.
 */
/** How long a fetch's nonce is kept: a signed request is accepted this long after it was first seen. */
const FETCH_NONCE_KEPT_S = 2 * TIMESTAMP_TOLERANCE_S;

/**
 * Records the nonce of a command fetch: false when this server's agent used it before (a captured
 * request sent again within the signature's window), so a replay takes no commands. A signed request is
 * accepted while its timestamp is within TIMESTAMP_TOLERANCE_S of now, so a nonce is kept twice that.
 */
export async function claimFetchNonce(
  db: Queryable,
  serverId: number,
  nonce: string,
  now: Date,
): Promise<boolean> {
  const cutoff = new Date(now.getTime() - FETCH_NONCE_KEPT_S * 1000).toISOString();
  const rows = await rowsOf<{ fresh: number }>(
    db,
    sql`with pruned as (delete from command_fetch_nonces where server_id = ${serverId} and seen_at < ${cutoff}::timestamptz)
      insert into command_fetch_nonces (server_id, nonce, seen_at) values (${serverId}, ${nonce}, ${now.toISOString()}::timestamptz)
      on conflict do nothing returning 1 as fresh`,
  );
  return rows.length === 1;
}

export async function takePendingCommands(
  db: Queryable,
  serverId: number,
  now: Date,
): Promise<SignedServerCommand[]> {
  await expireServerCommands(db, now, serverId);
  const due = db
    .select({ id: serverCommands.id })
    .from(serverCommands)
    .where(
      and(
        eq(serverCommands.serverId, serverId),
        eq(serverCommands.status, 'pending'),
        sql`${serverCommands.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(serverCommands.issuedAt, serverCommands.id)
    .limit(MAX_PENDING_COMMANDS);
  const taken = await db
    .update(serverCommands)
    .set({ status: 'sent', sentAt: now })
    .where(and(inArray(serverCommands.id, due), eq(serverCommands.status, 'pending')))
    .returning({
      command: serverCommands.command,
      signature: serverCommands.signature,
      issuedAt: serverCommands.issuedAt,
      id: serverCommands.id,
    });
  return taken
    .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id.localeCompare(b.id))
    .map(({ command, signature }) => ({ command, signature }));
}

export type OutcomeResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 404 | 409; readonly reason: string };

/**
 * Stores what the agent reported for a command it was handed: done, refused or failed. Only the server
 * the command was for may report it, and only once.
 */
export async function recordCommandOutcome(
  db: Queryable,
  serverId: number,
  outcome: CommandOutcome,
  now: Date,
): Promise<OutcomeResult> {
  const detail = outcome.detail.slice(0, MAX_OUTCOME_DETAIL);
  const [row] = await db
    .update(serverCommands)
    .set({ status: outcome.status, outcome: detail, outcomeAt: now })
    .where(
      and(
        eq(serverCommands.id, outcome.id),
        eq(serverCommands.serverId, serverId),
        eq(serverCommands.status, 'sent'),
      ),
    )
    .returning(closed);
  if (!row) {
    const [known] = await db
      .select({ status: serverCommands.status })
      .from(serverCommands)
      .where(and(eq(serverCommands.id, outcome.id), eq(serverCommands.serverId, serverId)));
    return known
      ? { ok: false, status: 409, reason: `command ${outcome.id} is ${known.status} already` }
      : { ok: false, status: 404, reason: `no command ${outcome.id} was handed to this server` };
  }
  await auditServerCommand(db, {
    ...row,
    guildId: null,
    outcome: outcome.status,
    detail: `agent: ${detail}`,
    at: now,
  });
  return { ok: true };
}
