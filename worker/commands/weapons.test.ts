import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEAPON_NAMES, weaponLabel } from '../../stats/fields.ts';
import { corpusFiles, loadTruth } from '../../test/support/corpus.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { allTime } from '../queries/period.ts';
import { recomputeAll } from '../recompute/index.ts';
import { QUARTERS } from '../../stats/seasons.ts';
import { weaponChart } from '../render/charts/index.ts';
import type { Renderer } from '../render/renderer.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import { formatCount, formatPercent, share } from './kit/text-format.ts';
import { weapons, weaponsChartInput, weaponsData } from './weapons.ts';
import { botReplay, openCorpusDatabaseWith } from '../../test/support/corpus-database.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const ALL_TIME = allTime(DEFAULT_COMMUNITY.id);

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  /** The corpus's first round replayed later by bots: their weapon use must not count. */
  handle = await openCorpusDatabaseWith([
    botReplay(corpusFiles()[0]!.name, '2025-10-16-200000-frostbite-round-1.txt', {
      firstBot: 60,
      namePrefix: 'Hans',
    }),
  ]);
  // All time is read from the weapon totals the recompute stores.
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
});
afterAll(() => handle.close());

async function ask(values: Record<string, string>, renderer?: Renderer): Promise<DiscordMessage> {
  const interaction = slashCommandInteraction('weapons', commandOptions(values));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await weapons.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY, renderer },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [weapons],
    interaction,
    subcommand,
    options,
  });
  const message = result.kind === 'reply' ? result.message : await result.finish();
  assertWithinLimits(message);
  return message;
}

/** Every weapon's figures summed over every human's rounds in truth.json. */
function truthWeapons() {
  const totals = new Map<
    string,
    {
      kills: number;
      deaths: number;
      hits: number;
      shots: number;
      headshots: number;
      players: Set<string>;
      rounds: Set<string>;
    }
  >();
  for (const round of truth.rounds) {
    for (const [guid, p] of Object.entries(round.players ?? {})) {
      if (p.bot) continue;
      for (const [name, w] of Object.entries(p.weapons)) {
        const t = totals.get(name) ?? {
          kills: 0,
          deaths: 0,
          hits: 0,
          shots: 0,
          headshots: 0,
          players: new Set<string>(),
          rounds: new Set<string>(),
        };
        t.kills += w.kills;
        t.deaths += w.deaths;
        t.hits += w.hits;
        t.shots += w.shots;
        t.headshots += w.headshots;
        if (w.shots > 0 || w.kills > 0) {
          t.players.add(guid);
          t.rounds.add(round.file);
        }
        totals.set(name, t);
      }
    }
  }
  return totals;
}

describe('weaponsData', () => {
  it('sums each weapon over every human’s rounds as truth.json has them, leaving the bots’ round out', async () => {
    const data = await weaponsData(handle.db, ALL_TIME);
    const want = truthWeapons();
    expect(data.weapons.map((w) => WEAPON_NAMES[w.weapon]).sort()).toEqual([...want.keys()].sort());
    for (const w of data.weapons) {
      const t = want.get(WEAPON_NAMES[w.weapon]!)!;
      expect(w, WEAPON_NAMES[w.weapon]).toEqual({
        weapon: w.weapon,
        kills: t.kills,
        deaths: t.deaths,
        hits: t.hits,
        shots: t.shots,
        headshots: t.headshots,
        players: t.players.size,
        rounds: t.rounds.size,
      });
    }
    const kills = data.weapons.map((w) => w.kills);
    expect(kills).toEqual([...kills].sort((a, b) => b - a));
    expect(weaponsChartInput(data).rows[0]!.kills).toBe(kills[0]);
  });
});

describe('/weapons', () => {
  it('prints each weapon with kills, accuracy and headshot share', async () => {
    const message = await ask({});
    const mp40 = truthWeapons().get('WS_MP40')!;
    const line = message
      .embeds![0]!.description!.split('\n')
      .find((l) => l.startsWith(`${weaponLabel(WEAPON_NAMES.indexOf('WS_MP40'))} `))!;
    expect(line.split(/\s+/)).toEqual([
      'MP40',
      formatCount(mp40.kills),
      formatPercent(share(mp40.hits, mp40.shots)),
      formatPercent(share(mp40.headshots, mp40.hits)),
    ]);
  });

  it('attaches a PNG chart of the weapons, shown in the embed, most kills first in the alt text', async () => {
    const message = await ask({}, createNodeRenderer());
    const mp40 = truthWeapons().get('WS_MP40')!;
    const line = message.embeds![0]!.description!.split('\n').find((l) => l.startsWith('MP40 '))!;
    expect(line.split(/\s+/)[1]).toBe(formatCount(mp40.kills));
    expect(message.files?.map((f) => f.name)).toEqual(['weapons-all.png']);
    const file = message.files![0]!;
    expect(message.embeds![0]!.image).toEqual({ url: 'attachment://weapons-all.png' });
    expect(isPng(file.data)).toBe(true);
    const chart = weaponChart(weaponsChartInput(await weaponsData(handle.db, ALL_TIME)));
    expect(decodePng(file.data)).toMatchObject({ width: chart.width, height: chart.height });
    const most = [...truthWeapons()].sort(([, a], [, b]) => b.kills - a.kills)[0]!;
    expect(file.description).toContain(
      `most kills first: ${weaponLabel(WEAPON_NAMES.indexOf(most[0] as (typeof WEAPON_NAMES)[number]))} ${formatCount(most[1].kills)}`,
    );
  });

  it('says so when only bots played in the period, without a chart', async () => {
    expect((await ask({ period: 'session' })).embeds![0]!.description).toMatch(
      /^Last session \(#\d+, 2025-10-16\): no weapon use recorded\.$/,
    );
    const drawn = await ask({ period: 'session' }, createNodeRenderer());
    expect(drawn.embeds![0]!.description).toMatch(/no weapon use recorded\.$/);
    expect(drawn.files).toEqual([]);
  });
});
