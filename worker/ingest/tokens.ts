/**
 * Bearer tokens of game servers that push stats.lua JSON (`STATS_API_TOKEN`). A token is 32 random bytes,
 * shown once when it is made; only its SHA-256 is stored, so a database leak gives no token away. A
 * server may hold two valid tokens at once (rotate: add the new one, switch the server, revoke the old).
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { gameServers } from '../../schema/ingest.ts';
import { serverTokens } from '../../schema/stats-lua.ts';
import { checkTimeZone } from '../../stats/clock.ts';
import type { Database } from '../db/database.ts';
import type { GameServer, RegistryResult } from './registry.ts';

export const TOKEN_PREFIX = 'etsl_';
/** Valid tokens a server may hold at once: the one in use and the one replacing it. */
export const MAX_ACTIVE_TOKENS = 2;

const fail = (reason: string) => ({ ok: false, reason }) as const;

function base64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new token: `etsl_` and 43 base64url characters (256 random bits). */
export function newToken(): string {
  return TOKEN_PREFIX + base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Shown in listings: enough to tell two tokens apart, far too little to use one. */
const shownPrefix = (token: string) => token.slice(0, TOKEN_PREFIX.length + 6);

export interface TokenListing {
  readonly prefix: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/**
 * Makes a token for a server of the community, registering the server (in `timeZone`, default UTC)
 * when it is not there yet: a stats.lua server has no agent and so no public key. Refused while the
 * server already holds two valid tokens.
 */
export async function addServerToken(
  db: Database,
  input: {
    readonly communityId: number;
    readonly name: string;
    readonly timeZone?: string;
    readonly timeZoneOption?: string;
  },
): Promise<RegistryResult<{ server: GameServer; token: string; created: boolean }>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 64) return fail('server name must be 1 to 64 characters');
  const [existing] = await db
    .select()
    .from(gameServers)
    .where(and(eq(gameServers.communityId, input.communityId), eq(gameServers.name, name)));
  let server = existing;
  if (!server) {
    const zone = checkTimeZone(input.timeZone ?? 'UTC', input.timeZoneOption ?? 'time zone');
    if (!zone.ok) return zone;
    [server] = await db
      .insert(gameServers)
      .values({ communityId: input.communityId, name, timeZone: zone.zone })
      .returning();
  }
  if (!server) throw new Error(`server "${name}" was not registered`);
  const active = await db
    .select({ id: serverTokens.id })
    .from(serverTokens)
    .where(and(eq(serverTokens.serverId, server.id), isNull(serverTokens.revokedAt)));
  if (active.length >= MAX_ACTIVE_TOKENS)
    return fail(
      `server "${name}" already has ${MAX_ACTIVE_TOKENS} valid tokens; revoke one first (\`revoke-token\`)`,
    );
  const token = newToken();
  await db
    .insert(serverTokens)
    .values({ serverId: server.id, tokenHash: await tokenHash(token), prefix: shownPrefix(token) });
  const value = { id: server.id, name: server.name, timeZone: server.timeZone };
  return { ok: true, value: { server: value, token, created: !existing } };
}

/** Revokes one token (by its shown prefix) or every valid token of a server. */
export async function revokeServerTokens(
  db: Database,
  input: {
    readonly communityId: number;
    readonly name: string;
    readonly prefix?: string;
    readonly now: Date;
  },
): Promise<RegistryResult<{ server: string; revoked: readonly string[] }>> {
  const name = input.name.trim();
  const [server] = await db
    .select()
    .from(gameServers)
    .where(and(eq(gameServers.communityId, input.communityId), eq(gameServers.name, name)));
  if (!server) return fail(`no server named "${name}"`);
  const rows = await db
    .update(serverTokens)
    .set({ revokedAt: input.now })
    .where(
      and(
        eq(serverTokens.serverId, server.id),
        isNull(serverTokens.revokedAt),
        input.prefix ? eq(serverTokens.prefix, input.prefix.trim()) : undefined,
      ),
    )
    .returning({ prefix: serverTokens.prefix });
  if (rows.length === 0)
    return fail(
      input.prefix
        ? `server "${name}" has no valid token starting ${input.prefix.trim()}`
        : `server "${name}" has no valid token`,
    );
  return { ok: true, value: { server: server.name, revoked: rows.map((r) => r.prefix) } };
}

/** Every token of the given servers, oldest first, keyed by server id. */
export async function tokensOf(
  db: Database,
  serverIds: readonly number[],
): Promise<Map<number, TokenListing[]>> {
  const out = new Map<number, TokenListing[]>();
  if (serverIds.length === 0) return out;
  const rows = await db
    .select()
    .from(serverTokens)
    .where(inArray(serverTokens.serverId, [...serverIds]))
    .orderBy(asc(serverTokens.id));
  for (const r of rows) {
    const list = out.get(r.serverId) ?? [];
    list.push({
      prefix: r.prefix,
      createdAt: r.createdAt,
      revokedAt: r.revokedAt,
      lastUsedAt: r.lastUsedAt,
    });
    out.set(r.serverId, list);
  }
  return out;
}
