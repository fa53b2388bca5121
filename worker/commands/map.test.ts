import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gameServers } from '../../schema/index.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { importStatsFile } from '../importer/import-file.ts';
import { MAP_MIN_ROUNDS } from '../queries/maps.ts';
import { allTime } from '../queries/period.ts';
import { mapDetailChart } from '../render/charts/index.ts';
import type { Renderer } from '../render/renderer.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import { map, mapChartInput, mapData, resolveMap } from './map.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const ALL_TIME = allTime(DEFAULT_COMMUNITY.id);

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
const BOT_ROUNDS = 5;
let handle: DatabaseHandle;

/**
 * Frostbite R1s replayed after the corpus with every player a bot dealing 99,999 damage: enough rounds to
 * qualify for "best players", and a DPM no human comes near, so only excluding bots keeps them off the list.
 */
function botRounds(): { name: string; bytes: Uint8Array }[] {
  const sources = corpusFiles()
    .filter((f) => f.name.includes('-frostbite-round-1'))
    .slice(0, BOT_ROUNDS);
  return sources.map((source, n) => {
    const [header, ...lines] = new TextDecoder().decode(source.bytes).split('\n');
    const bots = lines.map((line, i) => {
      if (!line.includes('\\')) return line;
      const fields = line
        .replace(/^[^\\]*\\[^\\]*\\/, `OMNIBOT${50 + i}\\[BOT]Sarge${i}\\`)
        .split('\t');
      fields[1] = '99999'; // damage given, the first extended field
      return fields.join('\t');
    });
    return {
      name: `2025-10-15-20${n}000-frostbite-round-1.txt`,
      bytes: new TextEncoder().encode([header, ...bots].join('\n')),
    };
  });
}

beforeAll(async () => {
  handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'corpus' })
    .returning();
  for (const file of [...corpusFiles(), ...botRounds()]) {
    await importStatsFile(
      handle.db,
      { serverId: server!.id, fileName: file.name, bytes: file.bytes, receivedAt: new Date(0) },
      { sessionGapMinutes: 60 },
    );
  }
});
afterAll(() => handle.close());

function run(values: Record<string, string>, renderer?: Renderer) {
  const interaction = slashCommandInteraction('map', commandOptions(values));
  const { subcommand, options } = readOptions(interaction.data.options);
  return map.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY, renderer },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [map],
    interaction,
    subcommand,
    options,
  });
}

async function ask(
  values: Record<string, string>,
): Promise<DiscordMessage & { ephemeral: boolean }> {
  const result = await run(values);
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  assertWithinLimits(result.message);
  return { ...result.message, ephemeral: result.ephemeral };
}

/** With the Node renderer: the answer must be deferred; returns the finished message. */
async function askDrawn(values: Record<string, string>): Promise<DiscordMessage> {
  const result = await run(values, createNodeRenderer());
  if (result.kind !== 'defer') throw new Error(`expected a deferred answer, got ${result.kind}`);
  const message = await result.finish();
  assertWithinLimits(message);
  return message;
}

function truthBest(name: string): string[] {
  const sums = new Map<string, { rounds: number; damage: number; minutes: number }>();
  for (const round of truth.rounds.filter((r) => r.map === name)) {
    for (const [guid, p] of Object.entries(round.players ?? {})) {
      if (p.bot) continue;
      const s = sums.get(guid) ?? { rounds: 0, damage: 0, minutes: 0 };
      sums.set(guid, {
        rounds: s.rounds + 1,
        damage: s.damage + (p.damage_given as number),
        minutes: s.minutes + p.time_played_min,
      });
    }
  }
  return [...sums.entries()]
    .filter(([, s]) => s.rounds >= MAP_MIN_ROUNDS)
    .sort(([, a], [, b]) => b.damage / b.minutes - a.damage / a.minutes)
    .map(([guid]) => guid);
}

/** `M:SS` as seconds. */
const clockSeconds = (clock: string) => {
  const [m, s] = clock.split(':').map(Number);
  return m! * 60 + s!;
};

describe('mapData', () => {
  it('gives a map’s stopwatch results, best players and latest plays as truth.json has them', async () => {
    for (const name of ['supply', 'goldrush', 'radar']) {
      const data = (await mapData(handle.db, name, ALL_TIME))!;
      const scores = truth.rounds
        .filter((r) => r.map === name && r.map_score)
        .map((r) => r.map_score!);
      expect(data, name).toMatchObject({
        complete_plays: scores.length,
        first_attackers_won: scores.filter((s) => s.first_attackers === 2).length,
        first_defenders_won: scores.filter((s) => s.first_defenders === 2).length,
        drawn: scores.filter((s) => s.first_attackers === 1).length,
      });
      expect(
        data.best_players.map((p) => p.guid),
        name,
      ).toEqual(truthBest(name).slice(0, 5));
      const r1s = truth.rounds
        .filter((r) => r.map === name && r.round === 1)
        .sort((a, b) => b.file.localeCompare(a.file))
        .slice(0, 5);
      expect(
        data.recent_plays.map((p) => [p.first_attackers_points, p.r1_attackers_won]),
        name,
      ).toEqual(
        r1s.map((r1) => {
          const r2 = truth.rounds.find((r) => r.round === 2 && r.match === r1.match);
          return [r2?.map_score?.first_attackers ?? null, r1.winner !== r1.defender];
        }),
      );
    }
  });

  it('gives each latest play’s round 1 and round 2 attack, its length and limit, as truth.json has them', async () => {
    for (const name of ['supply', 'goldrush', 'radar']) {
      const data = (await mapData(handle.db, name, ALL_TIME))!;
      const r1s = truth.rounds
        .filter((r) => r.map === name && r.round === 1)
        .sort((a, b) => b.file.localeCompare(a.file))
        .slice(0, 5);
      expect(
        data.recent_plays.map((p) => [
          p.r1_duration_s,
          p.r1_time_limit_s,
          p.r2_duration_s,
          p.r2_attackers_won,
        ]),
        name,
      ).toEqual(
        r1s.map((r1) => {
          const r2 = truth.rounds.find((r) => r.round === 2 && r.match === r1.match);
          return [
            r1.duration_s,
            clockSeconds(r1.timelimit),
            r2?.duration_s ?? null,
            r2 ? r2.winner !== r2.defender : null,
          ];
        }),
      );
    }
  });

  it('counts bots’ rounds on the map but never lists a bot among its best players', async () => {
    const data = (await mapData(handle.db, 'frostbite', ALL_TIME))!;
    expect(data.rounds).toBe(truth.rounds.filter((r) => r.map === 'frostbite').length + BOT_ROUNDS);
    expect(data.best_players.map((p) => p.guid)).toEqual(truthBest('frostbite').slice(0, 5));
  });
});

describe('/map', () => {
  it('resolves a map by its whole name or a unique part, and lists candidates otherwise', async () => {
    expect(await resolveMap(handle.db, 1, 'SUPPLY')).toEqual({ ok: true, map: 'supply' });
    expect(await resolveMap(handle.db, 1, 'adler')).toEqual({ ok: true, map: 'etl_adlernest' });
    expect(await resolveMap(handle.db, 1, 'goldrush')).toEqual({ ok: true, map: 'goldrush' });
    expect(await resolveMap(handle.db, 1, 'gold')).toEqual({
      ok: false,
      reason: "Several maps match 'gold': goldrush, sw\\_goldrush\\_te — pick one from the list.",
    });
    expect(await resolveMap(handle.db, 1, 'oasis')).toEqual({
      ok: false,
      reason: "No map matches 'oasis'. /maps lists every map played.",
    });
  });

  it('prints the map with its name escaped and the threshold for best players stated', async () => {
    const message = await ask({ name: 'etl_adlernest' });
    const embed = message.embeds![0]!;
    expect(embed.title).toBe('etl\\_adlernest');
    expect(embed.fields!.map((f) => f.name)).toContain(
      `Best DPM here (at least ${MAP_MIN_ROUNDS} rounds)`,
    );
    const rounds = truth.rounds.filter((r) => r.map === 'etl_adlernest').length;
    expect(embed.fields!.find((f) => f.name === 'Rounds')!.value).toBe(String(rounds));
  });

  it('answers deferred with the map chart attached as a PNG and shown in the embed, its figures in the alt text', async () => {
    const message = await askDrawn({ name: 'etl_adlernest' });
    const embed = message.embeds![0]!;
    expect(embed.title).toBe('etl\\_adlernest');
    const rounds = truth.rounds.filter((r) => r.map === 'etl_adlernest');
    expect(embed.fields!.find((f) => f.name === 'Rounds')!.value).toBe(String(rounds.length));
    expect(message.files?.map((f) => f.name)).toEqual(['map-etl-adlernest.png']);
    const file = message.files![0]!;
    expect(embed.image).toEqual({ url: 'attachment://map-etl-adlernest.png' });
    expect(isPng(file.data)).toBe(true);
    const data = (await mapData(handle.db, 'etl_adlernest', ALL_TIME))!;
    const chart = mapDetailChart(mapChartInput(data, ALL_TIME));
    expect(decodePng(file.data)).toMatchObject({ width: chart.width, height: chart.height });
    const r1s = rounds.filter((r) => r.round === 1);
    const r1Won = r1s.filter((r) => r.winner !== r.defender).length;
    expect(file.description).toContain(
      `etl_adlernest, All time: attackers completed ${((100 * r1Won) / r1s.length).toFixed(1)}% of round 1s`,
    );
    expect(file.description).toContain(`Best DPM here: ${data.best_players[0]!.name} `);
  });

  it('says when the map was not played in the period', async () => {
    const message = await ask({ name: 'supply', period: 'session' });
    expect(message).toMatchObject({
      ephemeral: true,
      content: expect.stringMatching(/^supply was not played in this period \(Last session/),
    });
  });
});
