/**
 * Audit rows of server commands, under the path of the subcommand that queued them (`admin server say`),
 * so `/admin audit command:admin server` lists each command's whole story: queued, then done,
 * refused, failed or expired, and every refusal before queueing. The issuing admin is the row's user.
 */
import type { ServerAction } from '../../ingest-protocol/server-command.ts';
import type { Queryable } from '../db/database.ts';
import { type AuditOutcome, writeAudit } from '../permissions/audit.ts';

/** The subcommand of each action (`map_restart` is typed `/admin server restart-map`). */
export const SUBCOMMAND_OF: Readonly<Record<ServerAction, string>> = {
  say: 'say',
  map: 'map',
  map_restart: 'restart-map',
  kick: 'kick',
};

const pathOf = (action: string) =>
  `admin server ${SUBCOMMAND_OF[action as ServerAction] ?? action}`;

export interface CommandAuditEvent {
  readonly id: string;
  readonly communityId: number;
  readonly action: string;
  readonly args: readonly string[];
  readonly issuedBy: string;
  readonly guildId: string | null;
  readonly outcome: AuditOutcome;
  readonly detail: string;
  readonly at: Date;
}

export async function auditServerCommand(db: Queryable, event: CommandAuditEvent): Promise<void> {
  await writeAudit(db, {
    communityId: event.communityId,
    at: event.at,
    userId: event.issuedBy,
    guildId: event.guildId,
    command: pathOf(event.action),
    options: { command_id: event.id, args: event.args.join(' ') },
    outcome: event.outcome,
    detail: event.detail.slice(0, 300),
  });
}

/** A command the Worker would not queue: who tried what, and why not. */
export async function auditServerRefusal(
  db: Queryable,
  request: {
    readonly communityId: number;
    readonly server: { readonly name: string } | null;
    readonly action: string;
    readonly args: readonly string[];
    readonly issuedBy: string;
    readonly guildId: string | null;
    readonly now: Date;
  },
  reason: string,
): Promise<void> {
  await writeAudit(db, {
    communityId: request.communityId,
    at: request.now,
    userId: request.issuedBy,
    guildId: request.guildId,
    command: pathOf(request.action),
    options: {
      ...(request.server ? { server: request.server.name } : {}),
      args: request.args.join(' ').slice(0, 200),
    },
    outcome: 'refused',
    detail: reason.slice(0, 300),
  });
}
