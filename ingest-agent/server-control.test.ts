import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  importSigningKey,
  type ExportedKeyPair,
  type SigningKey,
} from '../ingest-protocol/keys.ts';
import {
  type ServerCommand,
  type SignedServerCommand,
  signServerCommand,
} from '../ingest-protocol/server-command.ts';
import { type FakeGameServer, startFakeGameServer } from '../test/support/fake-game-server.ts';
import { LIVE_DEFAULTS } from './live-config.ts';
import { type ControlDeps, handleCommand } from './server-control.ts';
import { openUsedCommands } from './used-commands.ts';

const NOW = new Date('2026-12-05T20:00:00Z');
const nowS = NOW.getTime() / 1000;
let game: FakeGameServer;
let dir: string;
let worker: ExportedKeyPair;
let workerKey: SigningKey;
let agentKey: SigningKey;

beforeAll(async () => {
  game = await startFakeGameServer({ rconPassword: 'hunter2' });
  worker = await generateKeyPair();
  workerKey = await importSigningKey(worker);
  agentKey = await importSigningKey(await generateKeyPair());
});
afterAll(() => game?.close());
beforeEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = await mkdtemp(join(tmpdir(), 'etstats-control-'));
  game.ran.length = 0;
});

async function deps(
  overrides: { password?: string; allow?: ControlDeps['control']['allow'] } = {},
) {
  return {
    url: 'http://worker.invalid/ingest',
    target: { keys: [agentKey], fetch: globalThis.fetch, timeoutMs: 1000 },
    live: { ...LIVE_DEFAULTS, port: game.port, timeoutMs: 1500 },
    control: {
      workerPublicKey: worker.publicKey,
      rconPassword: overrides.password ?? 'hunter2',
      allow: overrides.allow ?? ['say', 'map', 'map_restart', 'kick'],
      maps: ['supply', 'etl_*'],
      pollMs: 1000,
    },
    used: await openUsedCommands(dir, NOW),
    log: { log() {} },
    now: () => NOW,
  } satisfies ControlDeps;
}

function command(overrides: Partial<ServerCommand> = {}): ServerCommand {
  return {
    id: crypto.randomUUID(),
    action: 'say',
    args: ['^2hello all'],
    targets: [agentKey.publicKey],
    issuedAt: nowS - 5,
    expiresAt: nowS + 55,
    ...overrides,
  };
}

const signed = (c: ServerCommand, key = workerKey.privateKey) => signServerCommand(c, key);

describe('the agent runs a command only when every check passes', () => {
  it('runs a signed, fresh, allowed command through RCON and reports the game’s answer', async () => {
    const c = command();
    const outcome = await handleCommand(await deps(), await signed(c));
    expect(outcome).toEqual({ id: c.id, status: 'done', detail: 'ran: say "^2hello all"' });
    expect(game.ran).toEqual(['say "^2hello all"']);
  });

  it('turns map, map_restart and kick into exactly one console line each', async () => {
    const d = await deps();
    for (const [action, args] of [
      ['map', ['etl_adlernest']],
      ['map_restart', []],
      ['kick', ['3']],
      ['kick', ['cru3l']],
    ] as const)
      expect(
        (await handleCommand(d, await signed(command({ action, args: [...args] }))))?.status,
      ).toBe('done');
    expect(game.ran).toEqual(['map etl_adlernest', 'map_restart', 'clientkick 3', 'kick cru3l']);
  });

  it('refuses a forged signature (another key), and RCON never hears of it', async () => {
    const forger = await importSigningKey(await generateKeyPair());
    const c = command();
    const outcome = await handleCommand(await deps(), await signed(c, forger.privateKey));
    expect(outcome).toMatchObject({ id: c.id, status: 'refused' });
    expect(outcome?.detail).toContain('signature does not verify');
    expect(game.ran).toEqual([]);
  });

  it('refuses a command whose text was changed after signing', async () => {
    const c = command();
    const s = await signed(c);
    const tampered: SignedServerCommand = {
      ...s,
      command: s.command.replace('hello all', 'bye all'),
    };
    expect((await handleCommand(await deps(), tampered))?.status).toBe('refused');
    expect(game.ran).toEqual([]);
  });

  it('refuses an expired command, and one signed to live longer than 60 s', async () => {
    const d = await deps();
    const old = command({ issuedAt: nowS - 120, expiresAt: nowS - 60 });
    expect(await handleCommand(d, await signed(old))).toMatchObject({
      status: 'refused',
      detail: 'the command expired 60 s ago',
    });
    const long = command({ issuedAt: nowS, expiresAt: nowS + 3600 });
    expect((await handleCommand(d, await signed(long)))?.detail).toContain('more than 60 s');
    expect(game.ran).toEqual([]);
  });

  it('refuses a replayed id, also after a restart (the used ids are on disk)', async () => {
    const c = await signed(command());
    expect((await handleCommand(await deps(), c))?.status).toBe('done');
    const again = await handleCommand(await deps(), c);
    expect(again).toMatchObject({
      status: 'refused',
      detail: 'this command id was already taken (replayed)',
    });
    expect(game.ran).toHaveLength(1);
  });

  it('refuses what this server does not allow, whatever the Worker signed', async () => {
    const d = await deps({ allow: ['say'] });
    const kick = await handleCommand(d, await signed(command({ action: 'kick', args: ['2'] })));
    expect(kick).toMatchObject({
      status: 'refused',
      detail: '"kick" is not on this server\'s allow-list',
    });
    const all = await deps();
    const map = await handleCommand(
      all,
      await signed(command({ action: 'map', args: ['te_escape2'] })),
    );
    expect(map?.detail).toBe('map "te_escape2" is not among this server\'s allowed maps');
    const rcon = await handleCommand(
      all,
      await signed(command({ action: 'rcon' as 'say', args: ['quit'] })),
    );
    expect(rcon?.status).toBe('refused');
    expect(game.ran).toEqual([]);
  });

  it('refuses arguments that would chain a second console command', async () => {
    const d = await deps();
    for (const text of [
      'hi; quit',
      'hi"; quit; "',
      'hi\nquit',
      'a // b',
      'cheap ^; trick',
      'back\\slash',
    ]) {
      const outcome = await handleCommand(d, await signed(command({ args: [text] })));
      expect(outcome?.status, text).toBe('refused');
    }
    for (const name of ['a b', 'x;quit', '^1x'])
      expect(
        (await handleCommand(d, await signed(command({ action: 'kick', args: [name] }))))?.status,
      ).toBe('refused');
    expect(game.ran).toEqual([]);
  });

  it('refuses a command for another game server', async () => {
    const c = command({ targets: [(await generateKeyPair()).publicKey] });
    expect((await handleCommand(await deps(), await signed(c)))?.detail).toBe(
      'the command is for another game server',
    );
  });

  it('reports a wrong RCON password as failed, with what to fix', async () => {
    const outcome = await handleCommand(await deps({ password: 'wrong' }), await signed(command()));
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome?.detail).toContain('RCON refused the password');
    expect(game.rconAttempts.at(-1)?.password).toBe('wrong');
    expect(game.ran).toEqual([]);
  });

  it('reports nothing for garbage without an id', async () => {
    expect(await handleCommand(await deps(), { command: 'nope', signature: 'x' })).toBeNull();
  });
});
