// Live status and server control end to end: the deployed Worker bundle in workerd over the imported sample
// corpus, the agent bundle as its own process, a UDP game server stand-in (getstatus and RCON), Discord's
// REST API stood in for, real Ed25519 keys. The agent pushes a snapshot → /server shows it; /admin server
// say → the agent runs it through RCON → /admin server result shows the outcome; a command off the agent's
// allow-list comes back refused; every step is audited; a map change is posted once in the announce channel.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ingest-protocol/keys.ts';
import { buildAgent } from '../../ingest-agent/build.ts';
import {
  type Actor,
  commandOptions,
  DEFAULT_GUILD_ID,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import type { LocalPostgres } from '../../scripts/lib/local-postgres.ts';
import { rowsOf } from '../../worker/db/rows.ts';
import { escapeMarkdown } from '../../worker/discord/markdown.ts';
import type { DiscordMessage } from '../../worker/discord/message.ts';
import { addServer } from '../../worker/ingest/registry.ts';
import { MINUTE_CRON } from '../../worker/jobs/scheduled.ts';
import { setAnnounceChannel } from '../../worker/permissions/guild-settings.ts';
import { type FakeGameServer, startFakeGameServer } from '../support/fake-game-server.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';
import { startWorker, type TestWorker } from '../support/workerd.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ANNOUNCE = '1400000000000000060';
/** Discord administrators (ADMIN level); a fresh one for each ask keeps clear of the per-user rate limit. */
let asks = 0;
const admin = (): Actor => ({
  userId: `13000000000000${String(1000 + asks++).padStart(4, '0')}`,
  permissions: String(1n << 3n),
});
const RCON_PASSWORD = 'rcon-e2e-secret';
const SERVER = 'EU live';

let stack: LocalStack;
let local: LocalPostgres;
let worker: TestWorker;
let game: FakeGameServer;
let scratch: string;
let agent: ChildProcess;
let agentExited: Promise<number | null>;
const logs: Record<string, unknown>[] = [];
/** A corpus player's name as the game writes it (colour codes) and as the bot shows it. */
let known: { raw: string; shown: string };

async function ask(values: Record<string, string>, subcommand: string[], on = worker) {
  const [name, ...path] = subcommand;
  const interaction = slashCommandInteraction(
    name as string,
    commandOptions(values, path.length > 0 ? { subcommand: path } : {}),
    { ...admin(), token: `token-${Math.random()}` },
  );
  const response = await on.fetch('/interactions', {
    ...(await signedInteractionInit(stack.keys.privateKey, interaction)),
  });
  return ((await response.json()) as { data?: DiscordMessage }).data ?? {};
}
const text = (message: DiscordMessage) => JSON.stringify(message);

async function until(what: string, condition: () => Promise<boolean> | boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end)
      throw new Error(
        `timed out waiting for ${what}; agent log: ${JSON.stringify(logs.slice(-8))}`,
      );
    await sleep(100);
  }
}
const commandStatus = async (action: string) =>
  (
    await rowsOf<{ status: string }>(
      local.db,
      sql`select status from server_commands where action = ${action} order by issued_at desc limit 1`,
    )
  )[0]?.status;

beforeAll(async () => {
  const commandKey = await generateKeyPair();
  stack = await startLocalStack(
    async (db) => {
      await setAnnounceChannel(db.db, {
        guildId: DEFAULT_GUILD_ID,
        channelId: ANNOUNCE,
        by: 'test',
        at: new Date(),
      });
      const [player] = await rowsOf<{ name: string; name_raw: string }>(
        db.db,
        sql`select name, name_raw from players where not bot and name_raw like '^%' and name !~ '\\s'
          order by last_seen_at desc limit 1`,
      );
      if (!player) throw new Error('the corpus has no coloured player name');
      known = { raw: player.name_raw, shown: player.name };
    },
    { AGENT_COMMAND_KEY: commandKey.privateKey },
  );
  ({ local, worker } = stack);
  game = await startFakeGameServer({ rconPassword: RCON_PASSWORD, map: 'supply' });
  game.state.players = [
    { name: known.raw, score: 21, ping: 35 },
    { name: '^3new^7comer', score: 4, ping: 80 },
  ];
  scratch = await mkdtemp(join(tmpdir(), 'etstats-control-'));
  const bundle = (await buildAgent(join(scratch, 'etstats-agent.mjs'))).outfile;
  const gamestats = join(scratch, 'gamestats');
  await mkdir(gamestats);
  const configPath = join(scratch, 'agent.json');
  const init = await run(
    process.execPath,
    [
      bundle,
      'init',
      ...['--url', `${worker.url}/ingest`, '--gamestats', gamestats, '--config', configPath],
      ...['--status-port', String(game.port), '--command-key', commandKey.publicKey],
      ...['--maps', 'supply,etl_*'],
    ],
    { env: { ...process.env, ETSTATS_RCON_PASSWORD: RCON_PASSWORD } },
  );
  const publicKey = /Public key: (\S+)/.exec(init.stdout)?.[1] as string;
  const added = await addServer(local.db, { communityId: 1, name: SERVER, publicKey });
  if (!added.ok) throw new Error(added.reason);
  const config = JSON.parse(await readFile(configPath, 'utf8'));
  await writeFile(
    configPath,
    JSON.stringify({
      ...config,
      live: { ...config.live, activePollMs: 250, idlePollMs: 250 },
      // kick is left off this server's allow-list: the Worker may sign it, the agent refuses it.
      control: { ...config.control, allow: ['say', 'map', 'map_restart'], pollMs: 250 },
    }),
  );
  expect((await stat(configPath)).mode & 0o077).toBe(0); // the RCON password's file stays 0600
  agent = spawn(process.execPath, [bundle, 'run', '--config', configPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  agent.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line));
  });
  agentExited = new Promise((resolve) => agent.once('exit', (code) => resolve(code)));
}, 240_000);

afterAll(async () => {
  agent?.kill('SIGTERM');
  await agentExited;
  await game?.close();
  await stack?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('live status and server control through the real agent', () => {
  it('/server shows what the agent pushed, names matched to known players, and "no live data" for a stale or silent server', async () => {
    await until('the first snapshot', async () => {
      const rows = await rowsOf(local.db, sql`select 1 from live_snapshots`);
      return rows.length > 0;
    });
    // The corpus server's agent told something 10 minutes ago: older than LIVE_STALE_MINUTES (5).
    await local.db.execute(sql`insert into live_snapshots (server_id, community_id, observed_at,
        received_at, hostname, map, game_state, max_clients, players, map_since)
      select id, community_id, now() - interval '10 minutes', now() - interval '10 minutes', 'old',
        'oasis', 'playing', 20, '[]'::jsonb, now() - interval '20 minutes'
      from game_servers where name = 'corpus'`);
    const shown = await ask({}, ['server']);
    const fields = shown.embeds?.[0]?.fields ?? [];
    const live = fields.find((f) => f.name === SERVER);
    expect(live?.value).toMatch(
      /^\*\*supply\*\* since <t:\d+:R> · playing · 2\/20 players\nEU \\#1\n/,
    );
    expect(live?.value).toContain(`**${escapeMarkdown(known.shown)}** · 21 pts · 35 ms`);
    expect(live?.value).toContain('newcomer · 4 pts · 80 ms');
    expect(live?.value).not.toContain('^');
    expect(fields.find((f) => f.name === 'corpus')?.value).toMatch(
      /^No live data: the agent last told <t:\d+:R>\.$/,
    );
  });

  it('/admin server say reaches the game through the agent and its outcome shows in /admin server result', async () => {
    const unnamed = await ask({ message: 'hello' }, ['admin', 'server', 'say']);
    expect(unnamed.content).toBe(
      'Not queued: option `server`: name the game server, one of "corpus", "EU live".',
    );
    const bad = await ask({ message: 'hi; quit', server: SERVER }, ['admin', 'server', 'say']);
    expect(bad.content).toMatch(/^Not queued: option `message`: the message may not hold/);
    const queued = await ask({ message: 'hello ^1all', server: SERVER }, [
      'admin',
      'server',
      'say',
    ]);
    expect(queued.content).toMatch(
      /^Queued `say hello \^1all` for \*\*EU live\*\*: waiting for the agent/,
    );
    await until('the say on the game server', () => game.ran.includes('say "hello ^1all"'));
    await until('its outcome', async () => (await commandStatus('say')) === 'done');
    const result = await ask({}, ['admin', 'server', 'result']);
    expect(result.embeds?.[0]?.description).toMatch(
      /^`say hello \^1all` on \*\*EU live\*\* by <@\d+> <t:\d+:R> → \*\*done\*\*: ran\\: say "hello \^1all"/,
    );
  });

  it('a command off the agent’s allow-list is refused by the agent, never reaches RCON, and shows as refused', async () => {
    const ranBefore = game.rconAttempts.length;
    const queued = await ask({ player: '3', server: SERVER }, ['admin', 'server', 'kick']);
    expect(queued.content).toMatch(/^Queued `kick 3`/);
    await until('the refusal', async () => (await commandStatus('kick')) === 'refused');
    expect(game.rconAttempts.slice(ranBefore).map((a) => a.command)).not.toContain('clientkick 3');
    const result = await ask({}, ['admin', 'server', 'result']);
    expect(result.embeds?.[0]?.description?.split('\n')[0]).toMatch(
      /^`kick 3` on \*\*EU live\*\* .* → \*\*refused by the agent\*\*: "kick" is not on this server's allow\\-list/,
    );
  });

  it('audits every command, the Worker’s refusals and the agent’s outcomes', async () => {
    const rows = await rowsOf<{ command: string; outcome: string; detail: string | null }>(
      local.db,
      sql`select command, outcome, detail from audit_log where command like 'admin server %'
        and outcome <> 'answered' order by id`,
    );
    expect(rows.map((r) => [r.command, r.outcome])).toEqual([
      ['admin server say', 'refused'],
      ['admin server say', 'refused'],
      ['admin server say', 'queued'],
      ['admin server say', 'done'],
      ['admin server kick', 'queued'],
      ['admin server kick', 'refused'],
    ]);
    expect(rows[5]?.detail).toMatch(/^agent: "kick" is not on this server's allow-list/);
  });

  it('a map the agent loads is posted once in the announce channel when map-started posts are on', async () => {
    const on = await ask({ state: 'on' }, ['admin', 'server', 'announce-maps']);
    expect(on.content).toContain(
      `posts are **on**: each map a game server starts is posted in <#${ANNOUNCE}>`,
    );
    const posts = () =>
      stack.discord.messages.filter(
        (m) =>
          m.channelId === ANNOUNCE &&
          (m.payload as DiscordMessage).embeds?.[0]?.title === 'Map started: etl_sp_delivery',
      );
    const refused = await ask({ map: 'oasis', server: SERVER }, ['admin', 'server', 'map']);
    expect(refused.content).toMatch(/^Queued `map oasis`/); // the agent's maps list refuses it
    await until('the oasis refusal', async () => (await commandStatus('map')) === 'refused');
    await ask({ map: 'etl_sp_delivery', server: SERVER }, ['admin', 'server', 'map']);
    await until('the post', () => posts().length === 1);
    expect(text(posts()[0]?.payload as DiscordMessage)).toContain('after supply');
    await worker.scheduled(MINUTE_CRON, new Date());
    await sleep(1_000); // a further snapshot (players, heartbeat) starts nothing new
    expect(posts()).toHaveLength(1);
    const starts = await rowsOf(local.db, sql`select map from live_map_starts`);
    expect(starts).toEqual([{ map: 'etl_sp_delivery' }]);
  });

  it('with AGENT_COMMAND_KEY unset, /admin server says which setting turns control on', async () => {
    const { AGENT_COMMAND_KEY: _, ...bindings } = stack.bindings;
    const off = await startWorker({ bindings });
    try {
      const answer = await ask(
        { message: 'hello', server: SERVER },
        ['admin', 'server', 'say'],
        off,
      );
      expect(answer.content).toMatch(
        /^Not queued: Server control is off: set the Worker secret AGENT_COMMAND_KEY/,
      );
    } finally {
      await off.stop();
    }
  });
});
