import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../ingest-protocol/keys.ts';
import { type FakeGameServer, startFakeGameServer } from '../test/support/fake-game-server.ts';
import { loadAgentConfig } from './config.ts';
import { parseStatusResponse, queryStatus } from './game-status.ts';
import { sendRcon } from './rcon.ts';

let game: FakeGameServer;
beforeAll(async () => {
  game = await startFakeGameServer({ rconPassword: 'hunter2' });
});
afterAll(() => game?.close());

const packet = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from(text, 'latin1')]);

describe('getstatus', () => {
  it('reads the serverinfo and every player line', () => {
    const parsed = parseStatusResponse(
      packet(
        'statusResponse\n\\sv_hostname\\^1EU #1\\mapname\\goldrush\\gamestate\\2\\sv_maxclients\\24\\timelimit\\15\n' +
          '12 48 "^1cru3l"\n-3 999 "a \\"quoted\\" name"\n0 0 "\xe9lise"\n',
      ),
    );
    expect(parsed).toEqual({
      ok: true,
      status: {
        hostname: '^1EU #1',
        map: 'goldrush',
        gameState: 'warmup',
        maxClients: 24,
        timeLimitMinutes: 15,
        players: [
          { name: '^1cru3l', score: 12, ping: 48 },
          { name: 'a \\"quoted\\" name', score: -3, ping: 999 },
          { name: 'élise', score: 0, ping: 0 },
        ],
      },
    });
  });

  it('says why a packet is not a status', () => {
    expect(parseStatusResponse(Buffer.from('statusResponse\n'))).toEqual({
      ok: false,
      reason: 'not an out-of-band packet',
    });
    expect(parseStatusResponse(packet('print\nhello'))).toEqual({
      ok: false,
      reason: 'not a statusResponse',
    });
    expect(parseStatusResponse(packet('statusResponse\n\\sv_hostname\\x\n'))).toMatchObject({
      ok: false,
    });
  });

  it('asks the game server over UDP and gets its live state', async () => {
    game.state.players = [{ name: 'iamez3', score: 4, ping: 30 }];
    const status = await queryStatus({ host: '127.0.0.1', port: game.port }, 1500);
    expect(status).toMatchObject({
      map: 'supply',
      gameState: 'playing',
      players: [{ name: 'iamez3', score: 4, ping: 30 }],
    });
  });

  it('fails with the address when nothing answers', async () => {
    await expect(queryStatus({ host: '127.0.0.1', port: 9 }, 300)).rejects.toThrow(
      'no answer from 127.0.0.1:9',
    );
  });
});

describe('rcon', () => {
  it('runs a console command and tells a wrong password apart', async () => {
    const target = { host: '127.0.0.1', port: game.port };
    expect(await sendRcon(target, 'hunter2', 'map_restart', 1500)).toEqual({
      ok: true,
      output: 'ran: map_restart\n',
    });
    const wrong = await sendRcon(target, 'nope', 'map_restart', 1500);
    expect(wrong).toMatchObject({ ok: false });
    expect(game.ran).toEqual(['map_restart']);
  });
});

describe('the config holding the RCON password', () => {
  it('is refused when group or world can read it, with the chmod to run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etstats-config-'));
    try {
      const path = join(dir, 'agent.json');
      await writeFile(
        path,
        JSON.stringify({
          url: 'http://127.0.0.1:1/ingest',
          gamestatsDir: dir,
          spoolDir: dir,
          since: '2026-01-01T00:00:00Z',
          keys: [await generateKeyPair()],
          live: { port: game.port },
          control: {
            workerPublicKey: (await generateKeyPair()).publicKey,
            rconPassword: 'hunter2',
          },
        }),
      );
      await chmod(path, 0o644);
      const loaded = await loadAgentConfig(path);
      expect(loaded).toMatchObject({ ok: false });
      expect(!loaded.ok && loaded.reason).toContain(
        `readable by others (mode 0644): run \`chmod 600 ${path}\``,
      );
      await chmod(path, 0o600);
      expect(await loadAgentConfig(path)).toMatchObject({
        ok: true,
        config: { control: { allow: ['say', 'map', 'map_restart', 'kick'] } },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
