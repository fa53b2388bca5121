import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruth, type TruthRound } from '../../test/support/corpus.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { allTime } from '../queries/period.ts';
import { mapChart } from '../render/charts/index.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import { formatPercent, share } from './kit/text-format.ts';
import { maps, mapsChartInput, mapsData } from './maps.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const ALL_TIME = allTime(DEFAULT_COMMUNITY.id);

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

/** Attackers completed the objective exactly when the winning side is not the defending side. */
const attackersWon = (r: TruthRound) => r.winner !== r.defender;

function truthMap(map: string) {
  const rounds = truth.rounds.filter((r) => r.map === map);
  const count = (keep: (r: TruthRound) => boolean) => rounds.filter(keep).length;
  return {
    map,
    rounds: rounds.length,
    plays: count((r) => r.round === 1 || r.orphan === true),
    attack_wins: count(attackersWon),
    r1_rounds: count((r) => r.round === 1),
    r1_attack_wins: count((r) => r.round === 1 && attackersWon(r)),
    r2_rounds: count((r) => r.round === 2),
    r2_attack_wins: count((r) => r.round === 2 && attackersWon(r)),
    axis_wins: count((r) => r.winner === 1),
    allies_wins: count((r) => r.winner === 2),
  };
}

describe('mapsData', () => {
  it('gives every map’s plays, rounds and wins by side as truth.json has them, most played first', async () => {
    const data = await mapsData(handle.db, ALL_TIME);
    const names = [...new Set(truth.rounds.map((r) => r.map))];
    expect(data.maps.map((m) => m.map).sort()).toEqual(names.sort());
    for (const m of data.maps) expect(m).toMatchObject(truthMap(m.map));
    const plays = data.maps.map((m) => m.plays);
    expect(plays).toEqual([...plays].sort((a, b) => b - a));
    expect(data.maps.reduce((n, m) => n + m.rounds, 0)).toBe(truth.rounds.length);
    expect(() => mapChart(mapsChartInput(data))).not.toThrow();
  });
});

describe('/maps', () => {
  it('prints a table of maps with plays and attack win rates, within Discord’s limits', async () => {
    const interaction = slashCommandInteraction('maps', commandOptions({}));
    const { subcommand, options } = readOptions(interaction.data.options);
    const result = await maps.run({
      caller: readCaller(interaction),
      services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
      now: () => NOW,
      rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
      applicationId: '1',
      log: () => {},
      commands: [maps],
      interaction,
      subcommand,
      options,
    });
    if (result.kind !== 'reply') throw new Error('expected an immediate reply');
    assertWithinLimits(result.message);
    const text = result.message.embeds![0]!.description!;
    const supply = truthMap('supply');
    const line = text.split('\n').find((l) => l.startsWith('supply '))!;
    expect(line.split(/\s+/)).toEqual([
      'supply',
      String(supply.plays),
      formatPercent(share(supply.r1_attack_wins, supply.r1_rounds)),
      formatPercent(share(supply.attack_wins, supply.rounds)),
    ]);
    expect(text).toContain(`${truth.rounds.length} rounds`);
  });

  it('answers deferred with a PNG chart of the most played maps, shown in the embed, when charts are drawn', async () => {
    const interaction = slashCommandInteraction('maps', commandOptions({}));
    const { subcommand, options } = readOptions(interaction.data.options);
    const result = await maps.run({
      caller: readCaller(interaction),
      services: {
        db: handle.db,
        config: testConfig(),
        community: DEFAULT_COMMUNITY,
        renderer: createNodeRenderer(),
      },
      now: () => NOW,
      rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
      applicationId: '1',
      log: () => {},
      commands: [maps],
      interaction,
      subcommand,
      options,
    });
    if (result.kind !== 'defer') throw new Error(`expected a deferred answer, got ${result.kind}`);
    const message = await result.finish();
    assertWithinLimits(message);
    expect(message.embeds![0]!.description).toContain(`${truth.rounds.length} rounds`);
    expect(message.files?.map((f) => f.name)).toEqual(['maps-all.png']);
    const file = message.files![0]!;
    expect(message.embeds![0]!.image).toEqual({ url: 'attachment://maps-all.png' });
    expect(isPng(file.data)).toBe(true);
    const chart = mapChart(mapsChartInput(await mapsData(handle.db, ALL_TIME)));
    expect(decodePng(file.data)).toMatchObject({ width: chart.width, height: chart.height });
    const supply = truthMap('supply');
    expect(file.description).toContain(
      `supply ${supply.axis_wins}–${supply.allies_wins} of ${supply.rounds}`,
    );
  });
});
