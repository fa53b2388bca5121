// `npm run bench commands`: how fast the text commands answer. The database is local PostgreSQL holding a
// generated community of 300 players and 20,000 rounds, with the recompute's answers in place.
//
// - Latency: the real Worker (wrangler's bundle in workerd) reached over HTTP with signed interactions, talking
//   to PostgreSQL through Neon's driver and the WebSocket bridge, as production does. Timed from sending the
//   request to the end of the initial response (what Discord's 3-second deadline measures). Each request opens
//   its own Neon pool, as the Worker does in production.
// - CPU: workerd does not report CPU per request, so the same app (worker/index.ts createApp) runs in this Node
//   process over node-postgres and `process.cpuUsage()` is read around each request: signature check, routing,
//   handler, query building and result parsing count; waiting for PostgreSQL (another process) does not.
import type { APIInteraction } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { ensureGameServer } from '../scripts/lib/import-folder.ts';
import { startWsBridge } from '../scripts/lib/ws-bridge.ts';
import { generateCorpus } from '../generator/index.ts';
import { QUARTERS } from '../stats/seasons.ts';
import {
  autocompleteInteraction,
  commandOptions,
  generateDiscordKeys,
  signedInteractionInit,
  slashCommandInteraction,
} from '../scripts/dev/discord-keys.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { startFakeDiscord } from '../scripts/dev/fake-discord.ts';
import { startWorker } from '../test/support/workerd.ts';
import type { Database } from '../worker/db/database.ts';
import { migrate } from '../worker/db/migrate.ts';
import { openNodePostgres } from '../worker/db/node-postgres.ts';
import { rowsOf } from '../worker/db/rows.ts';
import { importStatsFile } from '../worker/importer/import-file.ts';
import type { Config } from '../worker/config.ts';
import { createApp } from '../worker/create-app.ts';
import { recomputeAll } from '../worker/recompute/index.ts';
import { regroupSessions } from '../worker/recompute/sessions.ts';

/** BENCH_COMMANDS_ROUNDS makes a smaller database for a quick look; the figures that count use 20,000. */
const ROUNDS = Number(process.env.BENCH_COMMANDS_ROUNDS ?? 20_000);
const COPIES = 9;
const WARMUP = 10;
const SAMPLES = Number(process.env.BENCH_COMMANDS_SAMPLES ?? 200);
const LATENCY_TARGET_MS = 150;
const CPU_TARGET_MS = 10;
const GAP_MINUTES = 60;

interface Scenario {
  readonly name: string;
  readonly interaction: () => APIInteraction;
}

/**
 * The generated files through the canonical importer, then copied `COPIES` times earlier in time (the
 * approach of bench/recompute.ts: importing 20,000 files one by one takes minutes here; the copies are rows
 * the importer itself wrote, shifted), then sessions regrouped and the recompute run.
 */
export async function buildDatabase(db: Database, now: Date) {
  const original = Math.ceil(ROUNDS / (COPIES + 1));
  const { files } = generateCorpus({
    seed: 20_251_124,
    evenings: Math.ceil(original / 10),
    players: 300,
    malformed: 0,
  });
  const serverId = await ensureGameServer(db, { communityId: 1, name: 'bench' });
  for (const file of files.slice(0, original)) {
    await importStatsFile(
      db,
      { serverId, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: GAP_MINUTES },
    );
  }
  await db.transaction(async (tx) => {
    const [span] = await rowsOf<{ days: number; files: number; rounds: number; matches: number }>(
      tx,
      sql`
      select ceil(extract(epoch from max(r.ended_at) - min(r.started_at)) / 86400)::int + 1 as days, (select max(id)::int from stats_files) as files,
        max(r.id)::int as rounds, (select coalesce(max(id), 0)::int from matches) as matches from rounds r`,
    );
    const {
      days,
      files: f,
      rounds: r,
      matches: m,
    } = span as { days: number; files: number; rounds: number; matches: number };
    const shifted: Record<string, (k: number, shift: string) => string> = {
      stats_files: (k) =>
        `id = id + ${k * f}, sha256 = sha256 || ':copy${k}', normalized_sha256 = normalized_sha256 || ':copy${k}'`,
      rounds: (
        k,
        shift,
      ) => `id = id + ${k * r}, file_id = file_id + ${k * f}, match_id = match_id + ${k * m}, session_id = null,
        ended_at = ended_at - ${shift}, started_at = started_at - ${shift}, local_time = to_char(local_time::timestamp - ${shift}, 'YYYY-MM-DD"T"HH24:MI:SS')`,
      matches: (
        k,
        shift,
      ) => `id = id + ${k * m}, round1_id = round1_id + ${k * r}, round2_id = round2_id + ${k * r},
        started_at = started_at - ${shift}, ended_at = ended_at - ${shift}`,
      player_rounds: (k) => `round_id = round_id + ${k * r}`,
      player_weapon_rounds: (k) => `round_id = round_id + ${k * r}`,
    };
    for (const table of Object.keys(shifted))
      await tx.execute(
        sql.raw(`create temp table base_${table} on commit drop as select * from ${table}`),
      );
    for (let k = 1; k <= COPIES; k++) {
      for (const [table, changes] of Object.entries(shifted)) {
        await tx.execute(sql.raw(`create temp table copy_${table} as select * from base_${table}`));
        await tx.execute(
          sql.raw(`update copy_${table} set ${changes(k, `interval '${k * days} days'`)}`),
        );
        await tx.execute(sql.raw(`insert into ${table} select * from copy_${table}`));
        await tx.execute(sql.raw(`drop table copy_${table}`));
      }
    }
    for (const table of ['stats_files', 'rounds', 'matches']) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
        ),
      );
    }
    await regroupSessions(tx, GAP_MINUTES);
  });
  await db.execute(sql`analyze`);
  await recomputeAll(db, { sessionGapMinutes: GAP_MINUTES, seasons: QUARTERS }, now);
  const [size] = await rowsOf<{
    rounds: number;
    players: number;
    sessions: number;
    player_rounds: number;
  }>(
    db,
    sql`
    select count(*)::int as rounds, (select count(*)::int from players where not bot) as players,
      (select count(*)::int from gaming_sessions) as sessions, (select count(*)::int from player_rounds) as player_rounds from rounds`,
  );
  return size as { rounds: number; players: number; sessions: number; player_rounds: number };
}

/** Commands as players type them, on real GUIDs and sessions of the generated database. */
async function scenarios(db: Database): Promise<Scenario[]> {
  const regulars = await rowsOf<{ guid: string; name: string }>(
    db,
    sql`
    select pr.guid, min(pr.name) as name from player_rounds pr where not pr.bot group by pr.guid order by count(*) desc limit 2`,
  );
  const [latest] = await rowsOf<{ id: number }>(
    db,
    sql`select id from gaming_sessions order by started_at desc limit 1`,
  );
  const [a, b] = regulars as [{ guid: string; name: string }, { guid: string; name: string }];
  // Each request comes from another member of another guild, as in a busy community: one user would be
  // rate-limited and the bench would time the refusal.
  let asker = 0;
  const actor = () => {
    asker++;
    return {
      userId: String(1_300_000_000_000_000_000n + BigInt(asker)),
      guildId: String(1_200_000_000_000_000_000n + BigInt(asker)),
    };
  };
  const command =
    (name: string, values: Record<string, string> = {}) =>
    () =>
      slashCommandInteraction(name, commandOptions(values), actor());
  const typing = (name: string, option: string, text: string) => () =>
    autocompleteInteraction(name, commandOptions({ [option]: text }, { focused: option }), actor());
  return [
    { name: '/stats player', interaction: command('stats', { player: a.guid }) },
    {
      name: '/stats player period:season',
      interaction: command('stats', { player: a.guid, period: 'season' }),
    },
    { name: '/top kills', interaction: command('top', { metric: 'kills' }) },
    {
      name: '/top kd period:season',
      interaction: command('top', { metric: 'kd', period: 'season' }),
    },
    { name: '/compare', interaction: command('compare', { player1: a.guid, player2: b.guid }) },
    { name: '/session id', interaction: command('session', { session: String(latest?.id ?? 1) }) },
    { name: '/last_session view:awards', interaction: command('last_session', { view: 'awards' }) },
    { name: '/season', interaction: command('season') },
    {
      name: 'autocomplete /stats player',
      interaction: typing('stats', 'player', a.name.slice(0, 3)),
    },
    { name: 'autocomplete /session', interaction: typing('session', 'session', '') },
  ];
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** Fails loudly when an answer is not the command's own (an apology, a 401, a rate-limit refusal). */
async function checkAnswer(response: Response, scenario: string): Promise<number> {
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${scenario}: HTTP ${response.status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { type: number; data?: { content?: string } };
  // 4: a message, 8: autocomplete choices, 5: "thinking…" for an answer with a chart, edited in afterwards.
  if (body.type !== 4 && body.type !== 8 && body.type !== 5)
    throw new Error(`${scenario}: answered type ${body.type}`);
  const content = body.data?.content ?? '';
  if (/something went wrong|Sorry|Slow down|Try again in/i.test(content))
    throw new Error(`${scenario}: ${content}`);
  return body.type;
}

/**
 * Times the initial response. A deferred answer (a chart) finishes in the background: `settle` waits for its
 * edit to reach the Discord stand-in before the next request, so one request's chart never slows the next.
 */
async function measure(
  scenario: Scenario,
  send: (init: RequestInit) => Promise<Response>,
  sign: (i: APIInteraction) => Promise<RequestInit>,
  settle: (token: string) => Promise<void> = async () => {},
) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const interaction = scenario.interaction();
    const init = await sign(interaction);
    const before = process.cpuUsage();
    const started = performance.now();
    const response = await send(init);
    const type = await checkAnswer(response, scenario.name);
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(before);
    if (type === 5) await settle(interaction.token);
    if (i < WARMUP) continue;
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((x, y) => x - y), cpu: cpu.sort((x, y) => x - y) };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);

export default async function benchCommands(): Promise<void> {
  const now = new Date();
  const postgres = await startPostgres({ durable: true });
  const node = openNodePostgres(postgres.url, { max: 1 });
  const bridge = await startWsBridge({ target: { host: '127.0.0.1', port: postgres.port } });
  try {
    await migrate(node.db);
    let started = performance.now();
    const size = await buildDatabase(node.db, now);
    console.log(
      `database: ${size.rounds} rounds, ${size.player_rounds} player-rounds, ${size.players} players, ${size.sessions} sessions`,
    );
    console.log(
      `  built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${Math.ceil(ROUNDS / (COPIES + 1))} generated files (generator/index.ts) through the importer, rows copied ${COPIES} times earlier in time, full recompute`,
    );
    const keys = await generateDiscordKeys();
    const sign = (interaction: APIInteraction) =>
      signedInteractionInit(keys.privateKey, interaction);
    const list = await scenarios(node.db);

    started = performance.now();
    const discord = await startFakeDiscord({ botToken: 'bench' });
    const worker = await startWorker({
      bindings: {
        DATABASE_URL: postgres.url,
        DATABASE_WS_PROXY: bridge.url,
        DISCORD_PUBLIC_KEY: keys.publicKeyHex,
        DISCORD_APPLICATION_ID: '100000000000000001',
        DISCORD_BOT_TOKEN: 'bench',
        DISCORD_API_BASE: discord.apiBase,
      },
    });
    const settle = async (token: string) => {
      await discord.waitFor((r) => r.kind === 'editOriginal' && r.token === token, 30_000);
      discord.reset();
    };
    console.log(
      `workerd started in ${((performance.now() - started) / 1000).toFixed(1)} s; ${SAMPLES} requests per command after ${WARMUP} warm-up, one at a time`,
    );
    const config: Config = {
      databaseUrl: postgres.url,
      databaseWsProxy: undefined,
      ownerUserIds: [],
      sessionGapMinutes: GAP_MINUTES,
      serverTimeZone: 'UTC',
      seasons: QUARTERS,
      site: { basePath: '/', publicBaseUrl: undefined },
      discord: {
        publicKey: keys.publicKeyHex,
        applicationId: '100000000000000001',
        botToken: undefined,
        apiBase: 'http://127.0.0.1:9/api/v10',
      },
    };
    const app = createApp({
      config,
      openDatabase: () => ({ db: node.db, close: async () => {} }),
      now: () => new Date(),
      fetch,
      waitUntil: () => {},
    });
    console.log(
      `\n${'command'.padEnd(30)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}   CPU ${'p50'.padStart(9)} ${'p99'.padStart(9)}`,
    );
    const failures: string[] = [];
    try {
      for (const scenario of list) {
        const latency = await measure(
          scenario,
          (init) => worker.fetch('/interactions', init),
          sign,
          settle,
        );
        const cpu = await measure(
          scenario,
          (init) => Promise.resolve(app.request('/interactions', init)),
          sign,
        );
        const [p50, p99, max] = [
          percentile(latency.wall, 50),
          percentile(latency.wall, 99),
          latency.wall.at(-1) as number,
        ];
        const [c50, c99] = [percentile(cpu.cpu, 50), percentile(cpu.cpu, 99)];
        console.log(
          `${scenario.name.padEnd(30)} ${fmt(p50)} ${fmt(p99)} ${fmt(max)}   CPU ${fmt(c50)} ${fmt(c99)}`,
        );
        if (p99 >= LATENCY_TARGET_MS)
          failures.push(
            `${scenario.name}: p99 ${p99.toFixed(1)} ms (target < ${LATENCY_TARGET_MS} ms)`,
          );
        if (c50 >= CPU_TARGET_MS)
          failures.push(
            `${scenario.name}: CPU p50 ${c50.toFixed(1)} ms (target < ${CPU_TARGET_MS} ms)`,
          );
      }
    } finally {
      await worker.stop();
      await discord.close();
    }
    console.log(
      `\ntargets: initial response p99 < ${LATENCY_TARGET_MS} ms (workerd + Neon driver + bridge); CPU < ${CPU_TARGET_MS} ms per text command (Node, same app)`,
    );
    console.log(failures.length === 0 ? 'all targets met' : `MISSED:\n  ${failures.join('\n  ')}`);
  } finally {
    await bridge.close();
    await node.close();
    await postgres.stop();
  }
}
