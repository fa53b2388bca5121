/**
 * The game servers allowed to push files, and their public keys. Used by `npm run server` and by the
 * admin slash commands, so both say the same things; the ingest route reads keys with `lookupIngestKeys`.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { gameServers, serverKeys } from '../../schema/ingest.ts';
import type { Database } from '../db/database.ts';
import { decodePublicKey, importPublicKey } from '../../ingest-protocol/keys.ts';
import { checkTimeZone } from '../../stats/clock.ts';
import type { IngestKey, KeyLookup } from './verify.ts';

export type RegistryResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

export interface GameServer {
  readonly id: number;
  readonly name: string;
  readonly timeZone: string;
}

export interface ServerListing extends GameServer {
  readonly createdAt: Date;
  readonly keys: readonly {
    readonly publicKey: string;
    readonly createdAt: Date;
    readonly revokedAt: Date | null;
  }[];
}

const fail = (reason: string) => ({ ok: false, reason }) as const;

async function checkPublicKey(db: Database, text: string): Promise<RegistryResult<string>> {
  const publicKey = text.trim();
  const decoded = decodePublicKey(publicKey);
  if (!decoded.ok) return fail(`${decoded.reason} (paste the key \`etstats-agent init\` printed)`);
  try {
    await importPublicKey(decoded.raw);
  } catch {
    return fail('public key is 32 bytes but not a valid Ed25519 key');
  }
  const [taken] = await db
    .select({ serverId: serverKeys.serverId })
    .from(serverKeys)
    .where(eq(serverKeys.publicKey, publicKey));
  if (taken)
    return fail(
      'this public key is already registered (a key is never reused, even after it is revoked)',
    );
  return { ok: true, value: publicKey };
}

async function serverNamed(db: Database, communityId: number, name: string) {
  const [server] = await db
    .select()
    .from(gameServers)
    .where(and(eq(gameServers.communityId, communityId), eq(gameServers.name, name.trim())));
  return server;
}

/** Registers a game server and the first public key it signs uploads with. */
export async function addServer(
  db: Database,
  input: {
    /** The community the server is registered in: its rounds count there only. */
    readonly communityId: number;
    readonly name: string;
    readonly publicKey: string;
    readonly timeZone?: string;
    /** Where the zone was given (`--time-zone`, `time_zone`), for the refusal. */
    readonly timeZoneOption?: string;
  },
): Promise<RegistryResult<GameServer>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 64) return fail('server name must be 1 to 64 characters');
  const zone = checkTimeZone(input.timeZone ?? 'UTC', input.timeZoneOption ?? 'time zone');
  if (!zone.ok) return zone;
  const timeZone = zone.zone;
  if (await serverNamed(db, input.communityId, name))
    return fail(`server "${name}" already exists; to give it another key use \`add-key\``);
  const key = await checkPublicKey(db, input.publicKey);
  if (!key.ok) return key;
  const server = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(gameServers)
      .values({ communityId: input.communityId, name, timeZone })
      .returning();
    const created = row as typeof gameServers.$inferSelect;
    await tx.insert(serverKeys).values({ serverId: created.id, publicKey: key.value });
    return created;
  });
  return { ok: true, value: { id: server.id, name: server.name, timeZone: server.timeZone } };
}

/** Adds a key to an existing server: the agent signs with old and new keys until the old one is revoked. */
export async function addServerKey(
  db: Database,
  input: { readonly communityId: number; readonly name: string; readonly publicKey: string },
): Promise<RegistryResult<GameServer>> {
  const server = await serverNamed(db, input.communityId, input.name);
  if (!server) return fail(`no server named "${input.name.trim()}"`);
  const key = await checkPublicKey(db, input.publicKey);
  if (!key.ok) return key;
  await db.insert(serverKeys).values({ serverId: server.id, publicKey: key.value });
  return { ok: true, value: { id: server.id, name: server.name, timeZone: server.timeZone } };
}

/** Every server of a community with its keys, oldest first. */
export async function listServers(db: Database, communityId: number): Promise<ServerListing[]> {
  const servers = await db
    .select()
    .from(gameServers)
    .where(eq(gameServers.communityId, communityId))
    .orderBy(asc(gameServers.id));
  const ids = servers.map((s) => s.id);
  const keys =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(serverKeys)
          .where(inArray(serverKeys.serverId, ids))
          .orderBy(asc(serverKeys.id));
  return servers.map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    createdAt: s.createdAt,
    keys: keys
      .filter((k) => k.serverId === s.id)
      .map((k) => ({ publicKey: k.publicKey, createdAt: k.createdAt, revokedAt: k.revokedAt })),
  }));
}

/**
 * Revokes one key (`publicKey`) or every active key of a server (`name`), of the community's servers
 * only. Uploads signed with a revoked key are refused from then on; files already received stay.
 */
export async function revokeKeys(
  db: Database,
  input: {
    readonly communityId: number;
    readonly publicKey?: string;
    readonly name?: string;
    readonly now: Date;
  },
): Promise<RegistryResult<{ readonly server: string; readonly revoked: readonly string[] }>> {
  const server =
    input.name !== undefined ? await serverNamed(db, input.communityId, input.name) : undefined;
  if (input.name !== undefined && !server) return fail(`no server named "${input.name.trim()}"`);
  const match =
    input.publicKey !== undefined
      ? eq(serverKeys.publicKey, input.publicKey.trim())
      : server
        ? eq(serverKeys.serverId, server.id)
        : undefined;
  if (!match) return fail('say which key to revoke (--public-key) or which server (--name)');
  const rows = await db
    .update(serverKeys)
    .set({ revokedAt: input.now })
    .where(
      and(
        match,
        isNull(serverKeys.revokedAt),
        inArray(
          serverKeys.serverId,
          db
            .select({ id: gameServers.id })
            .from(gameServers)
            .where(eq(gameServers.communityId, input.communityId)),
        ),
      ),
    )
    .returning({ publicKey: serverKeys.publicKey, serverId: serverKeys.serverId });
  if (rows.length === 0)
    return fail(
      input.publicKey !== undefined
        ? 'no active key matches that public key'
        : `server "${server?.name}" has no active key`,
    );
  const [owner] = await db
    .select({ name: gameServers.name })
    .from(gameServers)
    .where(eq(gameServers.id, (rows[0] as { serverId: number }).serverId));
  return { ok: true, value: { server: owner?.name ?? '', revoked: rows.map((r) => r.publicKey) } };
}

/** The key lookup the ingest route verifies against: registered keys (revoked ones too) with their server. */
export function lookupIngestKeys(db: Database): KeyLookup {
  return async (publicKeys) => {
    if (publicKeys.length === 0) return [];
    const rows = await db
      .select({
        publicKey: serverKeys.publicKey,
        serverId: serverKeys.serverId,
        serverName: gameServers.name,
        timeZone: gameServers.timeZone,
        revokedAt: serverKeys.revokedAt,
      })
      .from(serverKeys)
      .innerJoin(gameServers, eq(gameServers.id, serverKeys.serverId))
      .where(inArray(serverKeys.publicKey, [...publicKeys]));
    return rows satisfies IngestKey[];
  };
}
