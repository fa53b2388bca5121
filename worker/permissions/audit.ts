import { and, desc, eq, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { auditLog } from '../../schema/discord.ts';
import type { Queryable } from '../db/database.ts';
import type { OptionValue } from '../discord/interaction.ts';

/**
 * The audit log: every privileged act and every denied attempt, with who, where, what (the command path
 * and its options), how it ended and when. It holds no secrets: the interaction token and anything from
 * an option whose name suggests a secret never reach it, and long values are clipped.
 */

/**
 * `answered`, `denied`, `failed`: how a command or button ended. A server command adds its own steps:
 * `queued`, `refused` (by the Worker or the agent), `expired`, `done` (and `failed` when RCON did not work).
 */
export type AuditOutcome =
  | 'answered'
  | 'denied'
  | 'failed'
  | 'queued'
  | 'refused'
  | 'expired'
  | 'done';

export interface AuditEntry {
  /** The community the act was in; null for an unbound guild or a DM outside any community. */
  readonly communityId: number | null;
  readonly at: Date;
  readonly userId: string;
  readonly guildId: string | null;
  /** `admin servers add`, `admin [button rebuild]`, `stats [autocomplete]`. */
  readonly command: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly outcome: AuditOutcome;
  /** Why it was denied (levels), or the error id of a failure. */
  readonly detail: string | null;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  /** How many attempts the row stands for (counted denied autocomplete); 1 for a single act. */
  readonly attempts: number;
  /** The latest of those attempts; null when the row is one attempt. */
  readonly lastAt: Date | null;
}

const MAX_VALUE = 200;
const SECRET_NAME = /token|secret|password|private|signature/i;

/** Option values as they may be stored: secrets replaced, text clipped, nothing but plain values. */
export function auditOptions(
  options: Readonly<Record<string, OptionValue>>,
): Record<string, OptionValue> {
  // fromEntries defines each name as its own property: an option named `__proto__` is kept as one.
  return Object.fromEntries(
    Object.entries(options).map(([name, value]): [string, OptionValue] => {
      if (SECRET_NAME.test(name)) return [name, '[redacted]'];
      if (typeof value === 'string' && value.length > MAX_VALUE)
        return [name, `${value.slice(0, MAX_VALUE - 1)}…`];
      return [name, value];
    }),
  );
}

export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    communityId: entry.communityId,
    at: entry.at,
    userId: entry.userId,
    guildId: entry.guildId,
    command: entry.command,
    options: { ...entry.options },
    outcome: entry.outcome,
    detail: entry.detail,
  });
}

const HOUR_MS = 3_600_000;

/**
 * Counts an attempt into the row of its user, guild, command and hour, creating it at the first:
 * for denied autocomplete, which Discord sends on every keystroke. One row an hour, however fast the
 * typing: the log stays readable and cannot be flooded. The row keeps the latest options typed.
 */
export async function tallyAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  const hour = new Date(Math.floor(entry.at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  const tally = JSON.stringify([entry.userId, entry.guildId, entry.command, entry.outcome, hour]);
  await db
    .insert(auditLog)
    .values({
      communityId: entry.communityId,
      at: entry.at,
      userId: entry.userId,
      guildId: entry.guildId,
      command: entry.command,
      options: { ...entry.options },
      outcome: entry.outcome,
      detail: entry.detail,
      tally,
    })
    .onConflictDoUpdate({
      target: auditLog.tally,
      set: {
        attempts: sql`${auditLog.attempts} + 1`,
        lastAt: sql`greatest(coalesce(${auditLog.lastAt}, ${auditLog.at}), excluded.at)`,
        options: sql`excluded.options`,
        detail: sql`excluded.detail`,
      },
    });
}

export interface AuditFilter {
  /** Whose log: a community sees its own rows only. */
  readonly communityId: number;
  readonly userId?: string;
  /**
   * The start of a command path, in whole words: `admin` matches every /admin row, `admin servers` only
   * those (not `admin server …`).
   */
  readonly command?: string;
  /** Only rows older than this id (the next page). */
  readonly beforeId?: number;
  readonly guildId?: string | null;
  readonly limit?: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Rows newest first, filtered by user, command path (whole words) and guild. */
export async function listAudit(db: Queryable, filter: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [eq(auditLog.communityId, filter.communityId)];
  if (filter.userId !== undefined) where.push(eq(auditLog.userId, filter.userId));
  if (filter.command !== undefined) {
    const path = filter.command.replace(/^\//, '').trim().toLowerCase();
    // Whole words: `admin server` is that group's rows, not also `admin servers`.
    if (path !== '')
      where.push(
        or(eq(auditLog.command, path), like(auditLog.command, `${escapeLike(path)} %`)) as SQL,
      );
  }
  if (filter.beforeId !== undefined) where.push(lt(auditLog.id, filter.beforeId));
  if (filter.guildId !== undefined && filter.guildId !== null)
    where.push(eq(auditLog.guildId, filter.guildId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 15);
  return rows.map(({ tally: _, ...row }) => ({ ...row, outcome: row.outcome as AuditOutcome }));
}
