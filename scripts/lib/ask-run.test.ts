import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDiscordKeys } from '../dev/discord-keys.ts';
import { type FakeDiscord, startFakeDiscord } from '../dev/fake-discord.ts';
import { help } from '../../worker/commands/help.ts';
import type { Command } from '../../worker/discord/command.ts';
import { decodePageCursor, pageButtons } from '../../worker/discord/cursor.ts';
import { defer, reply, update } from '../../worker/discord/responses.ts';
import { createDiscordRest } from '../../worker/discord/rest.ts';
import { interactionsRoute } from '../../worker/routes/interactions.ts';
import { runAsk } from './ask-run.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 42]);
const APP = '1100000000000000077';

const commands: Command[] = [
  help,
  {
    definition: { name: 'chart', description: 'A deferred chart' },
    run: () =>
      defer(async () => ({
        content: 'Kills per round',
        files: [{ name: 'kills.png', data: PNG }],
      })),
  },
  {
    definition: {
      name: 'pages',
      description: 'Pages',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'name',
          description: 'n',
          autocomplete: true,
        },
      ],
    },
    run: () =>
      reply({
        content: 'page 1',
        components: [pageButtons('pages', 'p', { page: 0, pageCount: 2 })],
      }),
    autocomplete: (ctx) => [{ name: `${ctx.focused.value}z`, value: 'guid-1' }],
    component: (ctx) =>
      update({
        content:
          ctx.values.length > 0
            ? `view ${ctx.values.join(', ')}`
            : `page ${(decodePageCursor(ctx.customId)?.cursor.page ?? 0) + 1}`,
      }),
  },
];
const definitions = commands.map((command) => command.definition);

let fake: FakeDiscord;
let worker: Server;
let dir: string;
let out: string[];
let err: string[];
const io = () => ({
  out: (line: string) => out.push(line),
  err: (line: string) => err.push(line),
  cwd: dir,
});

beforeAll(async () => {
  const keys = await generateDiscordKeys();
  fake = await startFakeDiscord();
  const app = new Hono();
  app.route(
    '/interactions',
    interactionsRoute({
      publicKey: keys.publicKeyHex,
      now: () => new Date(),
      services: null,
      waitUntil: (work) => void work.catch(() => {}),
      rest: createDiscordRest({ baseUrl: fake.apiBase }),
      commands,
      log: () => {},
    }),
  );
  // The local Worker stand-in: the Hono app behind node:http, as `npm start` would serve it.
  worker = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const response = await app.fetch(
      new Request(`http://local${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    res
      .writeHead(response.status, Object.fromEntries(response.headers))
      .end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(join(tmpdir(), 'ask-'));
  const local = {
    workerUrl: `http://127.0.0.1:${(worker.address() as AddressInfo).port}`,
    discordPublicKey: keys.publicKeyHex,
    discordPrivateKey: keys.privateKeyPkcs8Base64,
    fakeDiscordUrl: fake.url,
    applicationId: APP,
  };
  await writeFile(join(dir, 'local.json'), JSON.stringify(local));
  const other = await generateDiscordKeys();
  await writeFile(
    join(dir, 'wrong-key.json'),
    JSON.stringify({ ...local, discordPrivateKey: other.privateKeyPkcs8Base64 }),
  );
});

afterAll(async () => {
  worker.closeAllConnections();
  await new Promise((resolve) => worker.close(resolve));
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  out = [];
  err = [];
});

describe('npm run ask', () => {
  it('prints an immediate answer as text', async () => {
    expect(await runAsk(['/help', '--config', 'local.json'], definitions, io())).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('(only you can see this)');
    expect(text).toContain('── etstats commands ──');
    expect(text).toContain('`/chart` — A deferred chart');
  });

  it('waits for a deferred answer at the fake Discord and saves its attachments', async () => {
    expect(
      await runAsk(['/chart', '--config', 'local.json', '--out', 'charts'], definitions, io()),
    ).toBe(0);
    expect(out[0]).toBe('(thinking…)');
    expect(out[1]).toBe('Kills per round');
    const saved = out
      .find((line) => line.includes('kills.png'))
      ?.trim()
      .split('  ')[0];
    expect(saved).toMatch(/charts\/\d{8}T\d{6}-kills\.png$/);
    expect([...(await readFile(saved!))]).toEqual([...PNG]);
  });

  it('presses a button by custom_id', async () => {
    expect(
      await runAsk(['--click', 'pages:p:>1', '--config', 'local.json'], definitions, io()),
    ).toBe(0);
    expect(out).toEqual(['(the message was updated in place)', 'page 2']);
  });

  it('chooses in a select menu with --click MENU --select VALUE', async () => {
    expect(
      await runAsk(
        ['--click', 'pages:view', '--select', 'combat', '--config', 'local.json'],
        definitions,
        io(),
      ),
    ).toBe(0);
    expect(out).toEqual(['(the message was updated in place)', 'view combat']);
    expect(await runAsk(['--select', 'combat', '--config', 'local.json'], definitions, io())).toBe(
      2,
    );
    expect(err[0]).toMatch(/^--select needs the menu: --click "CUSTOM_ID" --select VALUE/);
  });

  it('asks for autocomplete suggestions', async () => {
    expect(
      await runAsk(
        ['/pages name:ol', '--autocomplete', '--config', 'local.json'],
        definitions,
        io(),
      ),
    ).toBe(0);
    expect(out).toEqual(['  olz  →  "guid-1"']);
  });

  it('says how to start the stack when .data/local.json is missing', async () => {
    expect(await runAsk(['/help'], definitions, io())).toBe(1);
    expect(err[0]).toMatch(/local\.json not found: start the local stack first with `npm start`/);
  });

  it('reports the Worker refusing a request signed with the wrong key', async () => {
    expect(await runAsk(['/help', '--config', 'wrong-key.json'], definitions, io())).toBe(1);
    expect(err[0]).toMatch(/^The Worker answered 401: invalid request signature/);
  });

  it('explains a command line it cannot parse', async () => {
    expect(await runAsk(['/stats player:olz', '--config', 'local.json'], definitions, io())).toBe(
      2,
    );
    expect(err[0]).toMatch(/\/stats is not a command/);
  });
});
