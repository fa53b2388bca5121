import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  decodePublicKey,
  type ExportedKeyPair,
  generateKeyPair,
  importSigningKey,
  type SigningKey,
} from '../../ingest-protocol/keys.ts';
import {
  type SignedServerCommand,
  verifyServerCommand,
} from '../../ingest-protocol/server-command.ts';
import { signAgentJson } from '../../ingest-protocol/sign.ts';
import { createBaseApp } from '../app.ts';
import { readConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { addServer, type GameServer, revokeKeys } from '../ingest/registry.ts';
import {
  expireServerCommands,
  queueServerCommand,
  takePendingCommands,
} from '../jobs/server-commands.ts';
import { DEFAULT_COMMUNITY_ID } from '../queries/communities.ts';
import { latestServerCommands } from '../queries/live.ts';
import { serverCommandRoutes } from './server-commands.ts';

const config = readConfig({
  DATABASE_URL: 'x',
  DISCORD_PUBLIC_KEY: 'x',
  DISCORD_APPLICATION_ID: 'x',
});
const T0 = new Date('2026-12-05T20:00:00Z');
const ADMIN = '1300000000000000900';
let now = T0;
let handle: DatabaseHandle;
let commandKey: ExportedKeyPair;
let agentPair: ExportedKeyPair;
let agentKey: SigningKey;
let otherKey: SigningKey;
let eu: GameServer;
let us: GameServer;
let app: ReturnType<typeof createBaseApp>;

async function register(name: string) {
  const pair = await generateKeyPair();
  const added = await addServer(handle.db, {
    communityId: DEFAULT_COMMUNITY_ID,
    name,
    publicKey: pair.publicKey,
  });
  if (!added.ok) throw new Error(added.reason);
  return { pair, key: await importSigningKey(pair), server: added.value };
}

beforeAll(async () => {
  handle = await openPglite();
  commandKey = await generateKeyPair();
  const first = await register('EU');
  ({ pair: agentPair, key: agentKey, server: eu } = first);
  const second = await register('US');
  ({ key: otherKey, server: us } = second);
  app = createBaseApp({
    config,
    openDatabase: () => ({ db: handle.db, close: async () => {} }),
    now: () => now,
    fetch,
  });
  app.route('/', serverCommandRoutes());
});
afterAll(() => handle?.close());
beforeEach(async () => {
  now = T0;
  await handle.db.execute(sql`delete from server_commands`);
  await handle.db.execute(sql`delete from audit_log`);
});

const queue = (action: 'say' | 'map' | 'kick' | 'map_restart', args: string[], server = eu) =>
  queueServerCommand(handle.db, {
    communityId: DEFAULT_COMMUNITY_ID,
    server,
    action,
    args,
    issuedBy: ADMIN,
    guildId: '1200000000000000001',
    now,
    commandKey: commandKey.privateKey,
  });

async function post(path: string, json: unknown, key = agentKey) {
  const request = await signAgentJson({ json, keys: [key], now });
  const response = await app.request(path, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const fetchCommands = async (key = agentKey) =>
  (await post('/ingest/commands', { nonce: crypto.randomUUID(), at: now.toISOString() }, key)).body
    .commands as SignedServerCommand[];

const audit = () =>
  rowsOf<{ command: string; outcome: string; detail: string; user_id: string }>(
    handle.db,
    sql`select command, outcome, detail, user_id from audit_log order by id`,
  );
const statusOf = async (id: string) =>
  (
    await rowsOf<{ status: string; outcome: string | null }>(
      handle.db,
      sql`select status, outcome from server_commands where id = ${id}`,
    )
  )[0];

describe('the server-command queue', () => {
  it('hands a queued command to its server’s agent once, signed so that the agent’s own check passes', async () => {
    const queued = await queue('say', ['hello ^1all']);
    if (!queued.ok) throw new Error(queued.reason);
    expect(await fetchCommands(otherKey)).toEqual([]); // another server's agent gets nothing
    const [signed, ...rest] = await fetchCommands();
    expect(rest).toEqual([]);
    const workerKey = decodePublicKey(commandKey.publicKey);
    if (!workerKey.ok) throw new Error(workerKey.reason);
    const checked = await verifyServerCommand(signed, {
      workerPublicKey: workerKey.raw,
      ownKeys: [agentPair.publicKey],
      now,
    });
    expect(checked).toMatchObject({
      ok: true,
      command: { id: queued.id, action: 'say', args: ['hello ^1all'] },
    });
    expect(await fetchCommands()).toEqual([]); // handed out once
    expect(await statusOf(queued.id)).toMatchObject({ status: 'sent' });
    expect(await audit()).toEqual([
      expect.objectContaining({ command: 'admin server say', outcome: 'queued', user_id: ADMIN }),
    ]);
  });

  it('lists the latest commands newest first, also those of one second', async () => {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      now = new Date(T0.getTime() + n * 100);
      await queue('say', [`message ${n}`]);
    }
    const rows = await latestServerCommands(handle.db, DEFAULT_COMMUNITY_ID, 10);
    expect(rows.map((r) => r.args[0])).toEqual([6, 5, 4, 3, 2, 1].map((n) => `message ${n}`));
  });

  it('two fetches at once never both get a command', async () => {
    for (const n of [1, 2, 3]) await queue('say', [`message ${n}`]);
    const [a, b] = await Promise.all([
      takePendingCommands(handle.db, eu.id, now),
      takePendingCommands(handle.db, eu.id, now),
    ]);
    expect(a.length + b.length).toBe(3);
    const ids = [...a, ...b].map((c) => JSON.parse(c.command).id);
    expect(new Set(ids).size).toBe(3);
  });

  it('closes a command nobody fetched before its expiry as expired, never hands it out, and audits it', async () => {
    const queued = await queue('map_restart', []);
    if (!queued.ok) throw new Error(queued.reason);
    now = new Date(T0.getTime() + 60_000);
    expect(await fetchCommands()).toEqual([]);
    expect(await statusOf(queued.id)).toMatchObject({ status: 'expired' });
    expect(await expireServerCommands(handle.db, now)).toBe(0); // closed once
    expect((await audit()).map((a) => [a.command, a.outcome])).toEqual([
      ['admin server restart-map', 'queued'],
      ['admin server restart-map', 'expired'],
    ]);
  });

  it('records the agent’s outcome once, from the server it was for only, and audits it', async () => {
    const queued = await queue('kick', ['3']);
    if (!queued.ok) throw new Error(queued.reason);
    const outcome = {
      id: queued.id,
      status: 'refused',
      detail: '"kick" is not on this server’s allow-list',
    };
    // Not handed out yet: no outcome can be for it.
    expect((await post('/ingest/commands/outcome', outcome)).status).toBe(409);
    await fetchCommands();
    expect((await post('/ingest/commands/outcome', outcome, otherKey)).status).toBe(404);
    expect(await post('/ingest/commands/outcome', outcome)).toEqual({
      status: 200,
      body: { status: 'recorded' },
    });
    expect((await post('/ingest/commands/outcome', { ...outcome, status: 'done' })).status).toBe(
      409,
    );
    expect(await statusOf(queued.id)).toEqual({ status: 'refused', outcome: outcome.detail });
    const rows = await audit();
    expect(rows.at(-1)).toMatchObject({
      command: 'admin server kick',
      outcome: 'refused',
      user_id: ADMIN,
      detail: `agent: ${outcome.detail}`,
    });
    const unknown = { ...outcome, id: crypto.randomUUID() };
    expect((await post('/ingest/commands/outcome', unknown)).status).toBe(404);
  });

  it('refuses a captured fetch sent again (409, nothing taken), a fetch without a nonce, and forgets old nonces', async () => {
    const first = await queue('say', ['one']);
    if (!first.ok) throw new Error(first.reason);
    const captured = await signAgentJson({
      json: { nonce: crypto.randomUUID(), at: now.toISOString() },
      keys: [agentKey],
      now,
    });
    const send = () =>
      app.request('/ingest/commands', {
        method: 'POST',
        headers: captured.headers,
        body: captured.body,
      });
    const real = await send();
    expect(real.status).toBe(200);
    expect(((await real.json()) as { commands: unknown[] }).commands).toHaveLength(1);
    const second = await queue('say', ['two']);
    if (!second.ok) throw new Error(second.reason);
    now = new Date(T0.getTime() + 30_000); // still inside the signature's window
    const replayed = await send();
    expect(replayed.status).toBe(409);
    expect(await replayed.json()).toEqual({
      error:
        'this fetch was made before (its nonce was used): a replayed request takes no commands',
    });
    expect(await statusOf(second.id)).toMatchObject({ status: 'pending' });
    // The real agent's next fetch, with a nonce of its own, gets it.
    expect(await fetchCommands()).toHaveLength(1);
    expect(await statusOf(second.id)).toMatchObject({ status: 'sent' });
    expect(await post('/ingest/commands', { at: now.toISOString() })).toEqual({
      status: 400,
      body: { error: 'nonce must be 8 to 64 letters, digits or dashes, new for each fetch' },
    });
    // Past twice the signature window a nonce is dropped (a request that old fails its signature anyway).
    const nonces = () =>
      rowsOf<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from command_fetch_nonces where server_id = ${eu.id}`,
      );
    expect((await nonces())[0]?.n).toBeGreaterThanOrEqual(2);
    now = new Date(T0.getTime() + 15 * 60_000);
    await fetchCommands();
    expect((await nonces())[0]?.n).toBe(1);
  });

  it('refuses a malformed outcome naming the field, and an unsigned request', async () => {
    const bad = await post('/ingest/commands/outcome', {
      id: crypto.randomUUID(),
      status: 'ok',
      detail: '',
    });
    expect(bad).toEqual({
      status: 400,
      body: { error: 'status must be one of done, refused, failed' },
    });
    const unsigned = await app.request('/ingest/commands', { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(400);
  });

  it('refuses, and audits, arguments that could chain console commands and a server without an active key', async () => {
    expect(await queue('say', ['hi; rcon_password x'])).toEqual({
      ok: false,
      reason: 'the message may not hold line ends, control characters, ; " or \\',
    });
    expect(await queue('map', ['../etc'])).toMatchObject({ ok: false });
    const revoked = await revokeKeys(handle.db, {
      communityId: DEFAULT_COMMUNITY_ID,
      name: 'US',
      now,
    });
    expect(revoked.ok).toBe(true);
    expect(await queue('say', ['hello'], us)).toEqual({
      ok: false,
      reason: 'server "US" has no active agent key, so no agent could run it',
    });
    expect(await rowsOf(handle.db, sql`select id from server_commands`)).toEqual([]);
    expect((await audit()).map((a) => [a.command, a.outcome])).toEqual([
      ['admin server say', 'refused'],
      ['admin server map', 'refused'],
      ['admin server say', 'refused'],
    ]);
  });
});
