import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../worker/discord/command.ts';
import { help } from '../../worker/commands/help.ts';
import { decodePageCursor, pageButtons } from '../../worker/discord/cursor.ts';
import type { AfterDispatch, BeforeDispatch } from '../../worker/discord/dispatch.ts';
import { stringOption } from '../../worker/discord/interaction.ts';
import type { Log } from '../../worker/discord/log.ts';
import { escapeMarkdown } from '../../worker/discord/markdown.ts';
import { defer, reply, update } from '../../worker/discord/responses.ts';
import { createDiscordRest } from '../../worker/discord/rest.ts';
import { interactionsRoute } from '../../worker/routes/interactions.ts';
import {
  autocompleteInteraction,
  commandOptions,
  componentInteraction,
  type DiscordKeyPair,
  generateDiscordKeys,
  pingInteraction,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { type FakeDiscord, startFakeDiscord } from '../../scripts/dev/fake-discord.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9, 9]);
const PAGES = ['alpha', 'beta', 'gamma'];

let keys: DiscordKeyPair;
let otherKeys: DiscordKeyPair;
let fake: FakeDiscord;
let tasks: Promise<unknown>[];
let logs: { level: string; event: string; fields: Record<string, unknown> }[];
let runs: string[];
let hooks: { before?: BeforeDispatch<{ name: string }>; after?: AfterDispatch<{ name: string }> };

/** Test commands, one per behaviour of the transport. */
const commands: Command<{ name: string }>[] = [
  help,
  {
    definition: {
      name: 'echo',
      description: 'Echo',
      options: [{ type: ApplicationCommandOptionType.String, name: 'player', description: 'p' }],
    },
    run: (ctx) => {
      runs.push('echo');
      const player = stringOption(ctx.options, 'player') ?? '';
      return reply(
        `${escapeMarkdown(player)} asked by ${ctx.caller.userId} in ${ctx.caller.guildId} roles ${ctx.caller.roles.join(',')} db ${ctx.services.name}`,
      );
    },
  },
  {
    definition: { name: 'boom', description: 'Throws' },
    run: () => {
      runs.push('boom');
      throw new Error('database is down: connect ECONNREFUSED');
    },
  },
  {
    definition: { name: 'chart', description: 'Deferred with a PNG' },
    run: (ctx) =>
      defer(async () => ({
        content: `chart at ${ctx.now().toISOString()}`,
        files: [{ name: 'chart.png', data: PNG, description: 'kills' }],
      })),
  },
  {
    definition: { name: 'latefail', description: 'Deferred work that throws' },
    run: () =>
      defer(async () => {
        throw new Error('renderer crashed');
      }),
  },
  {
    definition: { name: 'slow', description: 'Misses the deadline' },
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return reply('finally');
    },
  },
  {
    definition: { name: 'long', description: 'Too long' },
    run: () => reply('x'.repeat(2500)),
  },
  {
    definition: { name: 'badbutton', description: 'Breaks a component limit' },
    run: () =>
      reply({
        content: 'x',
        components: [pageButtons('badbutton', 'p'.repeat(100), { page: 0, pageCount: 2 })],
      }),
  },
  {
    definition: {
      name: 'pages',
      description: 'Paged listing',
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
        content: PAGES[0],
        components: [pageButtons('pages', 'page', { page: 0, pageCount: PAGES.length })],
      }),
    autocomplete: (ctx) =>
      Array.from({ length: 40 }, (_, i) => ({
        name: `${ctx.focused.value}-${i}-${'n'.repeat(i === 0 ? 150 : 1)}`,
        value: `v${i}`,
      })),
    component: async (ctx) => {
      if (ctx.values.length > 0)
        return reply(`picked ${ctx.values.join(',')}`, { ephemeral: true });
      const cursor = decodePageCursor(ctx.customId);
      if (cursor?.action === 'slow') await new Promise((resolve) => setTimeout(resolve, 200));
      if (!cursor) return reply('stale button', { ephemeral: true });
      const page = cursor.cursor.page;
      return update({
        content: PAGES[page],
        components: [pageButtons('pages', 'page', { page, pageCount: PAGES.length })],
      });
    },
  },
  {
    definition: {
      name: 'admin',
      description: 'Admin',
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 's' },
        { type: ApplicationCommandOptionType.Subcommand, name: 'rebuild', description: 'r' },
      ],
    },
    access: (request) => (request.subcommand[0] === 'rebuild' ? 'owner' : 'admin'),
    run: (ctx) => {
      runs.push(`admin ${ctx.subcommand.join(' ')}`);
      return reply('done', { ephemeral: true });
    },
  },
];

const log: Log = (level, event, fields = {}) => {
  logs.push({ level, event, fields: { ...fields } });
};

function app(options: { deadlineMs?: number } = {}) {
  const rest = createDiscordRest({ baseUrl: fake.apiBase, botToken: 'bot', sleep: async () => {} });
  const root = new Hono();
  root.route(
    '/interactions',
    interactionsRoute<{ name: string }>(() => ({
      publicKey: keys.publicKeyHex,
      now: () => NOW,
      services: { name: 'test-db' },
      waitUntil: (work) => tasks.push(work),
      rest,
      commands,
      log,
      deadlineMs: options.deadlineMs ?? 2200,
      newErrorId: () => 'err00042',
      ...(hooks.before ? { beforeDispatch: hooks.before } : {}),
      ...(hooks.after ? { afterDispatch: hooks.after } : {}),
    })),
  );
  return root;
}

async function post(
  interaction: object,
  options: { timestamp?: number; key?: DiscordKeyPair; deadlineMs?: number } = {},
) {
  const init = await signedInteractionInit((options.key ?? keys).privateKey, interaction, {
    timestamp: options.timestamp ?? NOW_S,
  });
  return app(options).request('/interactions', init);
}

/** Lets the background work (waitUntil) finish, like the Workers runtime would. */
async function settle() {
  for (let seen = 0; seen < tasks.length; seen = tasks.length) await Promise.all(tasks.slice(seen));
}

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateDiscordKeys(), generateDiscordKeys()]);
  fake = await startFakeDiscord();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  tasks = [];
  logs = [];
  runs = [];
  hooks = {};
});

describe('POST /interactions: verification', () => {
  it('accepts a correctly signed request: PING answers PONG', async () => {
    const response = await post(pingInteraction());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it('accepts a correctly signed command and runs it', async () => {
    const response = await post(slashCommandInteraction('echo', commandOptions({ player: 'olz' })));
    expect(response.status).toBe(200);
    expect(runs).toEqual(['echo']);
  });

  it('rejects a tampered body with 401 and runs nothing', async () => {
    const init = await signedInteractionInit(keys.privateKey, slashCommandInteraction('echo'), {
      timestamp: NOW_S,
    });
    const response = await app().request('/interactions', {
      ...init,
      body: init.body.replace('"echo"', '"boom"'),
    });
    expect(response.status).toBe(401);
    expect(runs).toEqual([]);
  });

  it('rejects a tampered timestamp with 401', async () => {
    const init = await signedInteractionInit(keys.privateKey, pingInteraction(), {
      timestamp: NOW_S,
    });
    const headers = { ...init.headers, 'X-Signature-Timestamp': String(NOW_S - 10) };
    expect((await app().request('/interactions', { ...init, headers })).status).toBe(401);
  });

  it('rejects a signature by another key with 401', async () => {
    expect((await post(pingInteraction(), { key: otherKeys })).status).toBe(401);
  });

  it('rejects stale and future timestamps with 401 even when correctly signed', async () => {
    const stale = await post(pingInteraction(), { timestamp: NOW_S - 301 });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/301 s old/);
    expect((await post(pingInteraction(), { timestamp: NOW_S + 301 })).status).toBe(401);
  });

  it('rejects missing signature headers with 401', async () => {
    const init = await signedInteractionInit(keys.privateKey, pingInteraction(), {
      timestamp: NOW_S,
    });
    const { 'X-Signature-Ed25519': _signature, ...noSignature } = init.headers;
    const { 'X-Signature-Timestamp': _timestamp, ...noTimestamp } = init.headers;
    expect((await app().request('/interactions', { ...init, headers: noSignature })).status).toBe(
      401,
    );
    expect((await app().request('/interactions', { ...init, headers: noTimestamp })).status).toBe(
      401,
    );
    expect((await app().request('/interactions', { method: 'POST', body: init.body })).status).toBe(
      401,
    );
  });

  it('answers 400 to a correctly signed body that is not JSON', async () => {
    expect((await post('not json' as unknown as object)).status).toBe(400);
  });
});

describe('POST /interactions: commands', () => {
  it('passes options, the caller and the database handle; never lets a name ping anyone', async () => {
    const interaction = slashCommandInteraction(
      'echo',
      commandOptions({ player: '@everyone *x*' }),
      { userId: '42', roles: ['r1', 'r2'] },
    );
    const body = await (await post(interaction)).json();
    expect(body).toEqual({
      type: 4,
      data: {
        content: `@\u200beveryone \\*x\\* asked by 42 in 1200000000000000001 roles r1,r2 db test-db`,
        allowed_mentions: { parse: [] },
      },
    });
  });

  it('answers a throwing handler with an ephemeral apology and logs the error under the same id', async () => {
    const response = await post(slashCommandInteraction('boom'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toMatch(/error id `err00042`/);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    const error = logs.find((entry) => entry.level === 'error');
    expect(error?.fields).toMatchObject({
      errorId: 'err00042',
      command: 'boom',
      error: 'database is down: connect ECONNREFUSED',
    });
  });

  it('defers slow work and finishes by editing @original with the PNG as multipart', async () => {
    const interaction = slashCommandInteraction('chart', [], { token: 'chart-token' });
    expect(await (await post(interaction)).json()).toEqual({ type: 5 });
    await settle();
    const edit = await fake.waitFor((r) => r.kind === 'editOriginal' && r.token === 'chart-token');
    expect(edit.status).toBe(200);
    expect(edit.applicationId).toBe(interaction.application_id);
    expect(edit.payload).toEqual({
      content: `chart at ${NOW.toISOString()}`,
      allowed_mentions: { parse: [] },
      attachments: [{ id: 0, filename: 'chart.png', description: 'kills' }],
    });
    expect(edit.files).toHaveLength(1);
    expect([...edit.files[0]!.data]).toEqual([...PNG]);
  });

  it('still delivers deferred work when Discord answers 404 right after the defer', async () => {
    fake.inject({ status: 404 }, { times: 2, kind: 'editOriginal' });
    await post(slashCommandInteraction('chart', [], { token: 'race' }));
    await settle();
    expect(fake.recorded.filter((r) => r.token === 'race').map((r) => r.status)).toEqual([
      404, 404, 200,
    ]);
  });

  it('edits the apology into @original when deferred work fails', async () => {
    expect(
      await (await post(slashCommandInteraction('latefail', [], { token: 'lf' }))).json(),
    ).toEqual({ type: 5 });
    await settle();
    const edit = await fake.waitFor((r) => r.token === 'lf');
    expect(edit.payload).toMatchObject({
      content: expect.stringMatching(/error id `err00042`/),
      embeds: [],
      components: [],
    });
    expect(logs.find((entry) => entry.level === 'error')?.fields).toMatchObject({
      errorId: 'err00042',
      error: 'renderer crashed',
    });
  });

  it('answers "thinking…" when a handler misses the deadline, then edits in its answer', async () => {
    const response = await post(slashCommandInteraction('slow', [], { token: 'slow' }), {
      deadlineMs: 50,
    });
    expect(await response.json()).toEqual({ type: 5 });
    await settle();
    expect((await fake.waitFor((r) => r.token === 'slow')).payload).toEqual({
      content: 'finally',
      allowed_mentions: { parse: [] },
    });
  });

  it('trims text over Discord’s limits and logs that it did', async () => {
    const body = await (await post(slashCommandInteraction('long'))).json();
    expect(body.data.content).toHaveLength(2000);
    expect(
      logs.find((entry) => entry.event === 'message trimmed to fit Discord limits'),
    ).toBeDefined();
  });

  it('turns a message Discord would reject (custom_id over 100) into the apology', async () => {
    const body = await (await post(slashCommandInteraction('badbutton'))).json();
    expect(body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/err00042/) });
    expect(String(logs.find((entry) => entry.level === 'error')?.fields.error)).toMatch(
      /custom_id/,
    );
  });

  it('reads the caller from a DM, where there is no guild member', async () => {
    const body = await (
      await post(slashCommandInteraction('echo', [], { guildId: null, userId: '99' }))
    ).json();
    expect(body.data.content).toBe(' asked by 99 in null roles  db test-db');
  });

  it('refuses a body too large to be an interaction before verifying it', async () => {
    const init = await signedInteractionInit(
      keys.privateKey,
      { type: 1, pad: 'x'.repeat(300_000) },
      { timestamp: NOW_S },
    );
    expect((await app().request('/interactions', init)).status).toBe(413);
  });

  it('tells the user when the command is unknown', async () => {
    const body = await (await post(slashCommandInteraction('nope'))).json();
    expect(body.data).toMatchObject({
      flags: 64,
      content: expect.stringMatching(/\/nope is not a command/),
    });
  });

  it('/help lists every command in the registry', async () => {
    const body = await (await post(slashCommandInteraction('help'))).json();
    const embed = body.data.embeds[0];
    for (const command of commands.filter((c) => c.definition.name !== 'admin')) {
      expect(embed.description).toContain(`/${command.definition.name}`);
    }
    expect(embed.fields[0].value).toContain('`/admin`');
    expect(embed.fields[0].value).toContain('rebuild');
  });
});

describe('POST /interactions: autocomplete and components', () => {
  it('answers autocomplete with at most 25 choices, names clipped to 100', async () => {
    const interaction = autocompleteInteraction(
      'pages',
      commandOptions({ name: 'ol' }, { focused: 'name' }),
    );
    const body = await (await post(interaction)).json();
    expect(body.type).toBe(8);
    expect(body.data.choices).toHaveLength(25);
    expect(body.data.choices[0].name.length).toBe(100);
    expect(body.data.choices[1]).toEqual({ name: 'ol-1-n', value: 'v1' });
  });

  it('routes a button by its custom_id prefix and updates the message in place', async () => {
    const first = await (await post(slashCommandInteraction('pages'))).json();
    const next = first.data.components[0].components[2];
    const body = await (await post(componentInteraction(next.custom_id))).json();
    expect(body.type).toBe(7);
    expect(body.data.content).toBe('beta');
    expect(body.data.components[0].components[1].label).toBe('2 / 3');
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('acknowledges a slow button press (type 6), then edits the message it is on', async () => {
    const response = await post(componentInteraction('pages:slow:>2', { token: 'slowpage' }), {
      deadlineMs: 50,
    });
    expect(await response.json()).toEqual({ type: 6 });
    await settle();
    const edit = await fake.waitFor((r) => r.token === 'slowpage');
    expect(edit).toMatchObject({ kind: 'editOriginal', payload: { content: 'gamma' } });
  });

  it('passes select-menu values to the component handler', async () => {
    const body = await (
      await post(componentInteraction('pages:pick', { values: ['a', 'b'] }))
    ).json();
    expect(body).toEqual({
      type: 4,
      data: { content: 'picked a,b', flags: 64, allowed_mentions: { parse: [] } },
    });
  });

  it('/help command:<name> <subcommand> explains that part alone, and says when it does not exist', async () => {
    const ask = async (command: string) =>
      (await (await post(slashCommandInteraction('help', commandOptions({ command })))).json())
        .data;
    const one = await ask('admin rebuild');
    expect(one.embeds[0].title).toBe('/admin rebuild');
    expect(one.embeds[0].fields.map((f: { name: string }) => f.name)).toEqual([
      expect.stringMatching(/^`\/admin rebuild/),
    ]);
    expect((await ask('admin nothing')).content).toMatch(/\/admin has no `nothing`/);
  });

  it('/help offers subcommands once a command is typed', async () => {
    const body = await (
      await post(
        autocompleteInteraction(
          'help',
          commandOptions({ command: 'admin reb' }, { focused: 'command' }),
        ),
      )
    ).json();
    expect(body.data.choices).toContainEqual({ name: '/admin rebuild', value: 'admin rebuild' });
  });

  it('/help suggests commands as the user types', async () => {
    const body = await (
      await post(
        autocompleteInteraction('help', commandOptions({ command: 'ech' }, { focused: 'command' })),
      )
    ).json();
    expect(body).toEqual({ type: 8, data: { choices: [{ name: '/echo: Echo', value: 'echo' }] } });
  });

  it('answers a button of an unknown command with an ephemeral notice', async () => {
    const body = await (await post(componentInteraction('gone:page:>1'))).json();
    expect(body).toMatchObject({ type: 4, data: { flags: 64 } });
  });
});

describe('POST /interactions: the permission hook', () => {
  it('gives the hook the level each subcommand requires and shows its denial only to the caller', async () => {
    const seen: string[] = [];
    hooks.before = (check) => {
      seen.push(
        `${check.command.definition.name} ${check.subcommand.join(' ')} ${check.required} ${check.context.caller.userId}`,
      );
      return check.required === 'owner'
        ? { allow: false, message: 'Only the owner can rebuild.' }
        : { allow: true };
    };
    const denied = await (
      await post(
        slashCommandInteraction('admin', commandOptions({}, { subcommand: ['rebuild'] }), {
          userId: '7',
        }),
      )
    ).json();
    expect(denied).toEqual({
      type: 4,
      data: { content: 'Only the owner can rebuild.', flags: 64, allowed_mentions: { parse: [] } },
    });
    await post(
      slashCommandInteraction('admin', commandOptions({}, { subcommand: ['status'] }), {
        userId: '7',
      }),
    );
    expect(seen).toEqual(['admin rebuild owner 7', 'admin status admin 7']);
    expect(runs).toEqual(['admin status']);
  });

  it('fails closed when the hook throws', async () => {
    hooks.before = () => {
      throw new Error('rate-limit table unavailable');
    };
    const body = await (await post(slashCommandInteraction('echo'))).json();
    expect(body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/err00042/) });
    expect(runs).toEqual([]);
  });

  it('reports each outcome to afterDispatch (for the audit log)', async () => {
    const outcomes: string[] = [];
    hooks.before = (check) =>
      check.command.definition.name === 'admin' ? { allow: false, message: 'no' } : { allow: true };
    hooks.after = (check, result) => {
      outcomes.push(
        `${check.command.definition.name}:${result.outcome}${result.errorId ? `:${result.errorId}` : ''}`,
      );
    };
    await post(slashCommandInteraction('echo'));
    await post(slashCommandInteraction('boom'));
    await post(slashCommandInteraction('admin', commandOptions({}, { subcommand: ['status'] })));
    await post(slashCommandInteraction('chart', [], { token: 'audit' }));
    await settle();
    expect(outcomes).toEqual([
      'echo:answered',
      'boom:failed:err00042',
      'admin:denied',
      'chart:answered',
    ]);
  });
});
