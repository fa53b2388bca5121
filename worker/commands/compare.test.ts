import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruth } from '../../test/support/corpus.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { headToHead } from '../queries/compare.ts';
import { allTime } from '../queries/period.ts';
import { compareRadarChart } from '../render/charts/index.ts';
import type { PlayerTotals } from '../queries/player-stats.ts';
import type { Renderer } from '../render/renderer.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import {
  BETTER,
  CATEGORIES,
  compare,
  compareData,
  compareRadarInput,
  winnerOf,
} from './compare.ts';
import { formatCount } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import type { CommandServices } from '../services.ts';
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

async function ask(
  command: Command<CommandServices>,
  values: Record<string, string>,
  renderer?: Renderer,
): Promise<DiscordMessage & { ephemeral: boolean; kind: string }> {
  const interaction = slashCommandInteraction(command.definition.name, commandOptions(values));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await command.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY, renderer },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: interaction.application_id,
    log: () => {},
    commands: [command],
    interaction,
    subcommand,
    options,
  });
  const message = result.kind === 'reply' ? result.message : await result.finish();
  assertWithinLimits(message);
  return { ...message, ephemeral: result.ephemeral, kind: result.kind };
}

/** The group a player was in on a complete map: +1 attacked first, -1 defended first (R1 side, else R2 side), 0 absent. */
function groupOn(match: string, guid: string): number {
  const r1 = truth.rounds.find((r) => r.round === 1 && r.match === match)!;
  const r2 = truth.rounds.find((r) => r.round === 2 && r.match === match)!;
  const firstAttackers = 3 - r1.defender;
  const t1 = r1.players?.[guid]?.team;
  const t2 = r2.players?.[guid]?.team;
  if (t1 === 1 || t1 === 2) return t1 === firstAttackers ? 1 : -1;
  if (t2 === 1 || t2 === 2) return t2 === firstAttackers ? -1 : 1;
  return 0;
}

function truthHeadToHead(a: string, b: string) {
  const out = {
    opposite: { won: 0, lost: 0, drawn: 0 },
    same: { won: 0, lost: 0, drawn: 0 },
    rounds_opposed: 0,
    rounds_together: 0,
  };
  for (const round of truth.rounds) {
    const ta = round.players?.[a]?.team;
    const tb = round.players?.[b]?.team;
    if ((ta === 1 || ta === 2) && (tb === 1 || tb === 2)) {
      if (ta === tb) out.rounds_together++;
      else out.rounds_opposed++;
    }
    if (round.round !== 2 || !round.map_score || !round.match) continue;
    const ga = groupOn(round.match, a);
    const gb = groupOn(round.match, b);
    if (ga === 0 || gb === 0) continue;
    const points = ga === 1 ? round.map_score.first_attackers : round.map_score.first_defenders;
    const record = ga === gb ? out.same : out.opposite;
    if (points === 2) record.won++;
    else if (points === 0) record.lost++;
    else record.drawn++;
  }
  return out;
}

const VETERAN = 'EF8ACD12';
const humans = Object.keys(truth.players).filter((g) => !truth.players[g]!.bot);

describe('headToHead', () => {
  it('gives one player’s record against and with every other player, as truth.json has it', async () => {
    let opposite = 0;
    let same = 0;
    for (const other of humans.filter((g) => g !== VETERAN)) {
      const want = truthHeadToHead(VETERAN, other);
      expect(await headToHead(handle.db, VETERAN, other, ALL_TIME), other).toEqual(want);
      opposite += want.opposite.won + want.opposite.lost + want.opposite.drawn;
      same += want.same.won + want.same.lost + want.same.drawn;
    }
    expect(opposite).toBeGreaterThan(0);
    expect(same).toBeGreaterThan(0);
  });

  it('is the mirror image when the players swap', async () => {
    const other = humans.find(
      (g) => g !== VETERAN && truthHeadToHead(VETERAN, g).opposite.won > 0,
    )!;
    const ab = await headToHead(handle.db, VETERAN, other, ALL_TIME);
    const ba = await headToHead(handle.db, other, VETERAN, ALL_TIME);
    expect(ba.opposite).toEqual({
      won: ab.opposite.lost,
      lost: ab.opposite.won,
      drawn: ab.opposite.drawn,
    });
    expect(ba.same).toEqual(ab.same);
  });
});

describe('/compare', () => {
  it('shows both players’ figures with the better one marked in each category', async () => {
    const other = 'A92C0E6F';
    const message = await ask(compare, { player1: VETERAN, player2: other });
    const embed = message.embeds![0]!;
    const data = await compareData(
      handle.db,
      { guid: VETERAN, name: 'a', bot: false },
      { guid: other, name: 'b', bot: false },
      ALL_TIME,
    );
    let kills = [0, 0];
    for (const round of truth.rounds) {
      kills = [
        kills[0]! + ((round.players?.[VETERAN]?.kills as number) ?? 0),
        kills[1]! + ((round.players?.[other]?.kills as number) ?? 0),
      ];
    }
    const lineOf = (label: string) =>
      embed.description!.split('\n').find((line) => line.startsWith(`${label} `))!;
    // The better figure carries the mark; nothing between the figures reads as an inequality.
    const better = (x: number, y: number) =>
      x > y ? [BETTER, ''] : x < y ? ['', BETTER] : ['', ''];
    const [markA, markB] = better(kills[0]!, kills[1]!);
    expect(lineOf('Kills').split(/\s+/).filter(Boolean)).toEqual(
      ['Kills', formatCount(kills[0]!), markA, formatCount(kills[1]!), markB].filter(Boolean),
    );
    const deathsLine = lineOf('Deaths ↓');
    const deaths = [data.a.deaths, data.b.deaths] as const;
    const [deathsA, deathsB] = better(deaths[1], deaths[0]);
    expect(deathsLine.split(/\s+/).filter(Boolean)).toEqual(
      ['Deaths', '↓', formatCount(deaths[0]), deathsA, formatCount(deaths[1]), deathsB].filter(
        Boolean,
      ),
    );
    for (const category of CATEGORIES) {
      const line = lineOf(category.better === 'lower' ? `${category.label} ↓` : category.label);
      expect(line, category.label).not.toMatch(/[<>=]/);
      const winner = winnerOf(category, data.a, data.b);
      const marks = line.split(/\s+/).filter((t) => t === BETTER).length;
      expect(marks, category.label).toBe(winner === 0 ? 0 : 1);
      // The second player's mark ends the line; the first player's stands before the second figure.
      expect(line.endsWith(` ${BETTER}`), category.label).toBe(winner === 1);
    }
    expect(embed.footer!.text).toContain(`${BETTER} the better figure of each row`);
    const want = truthHeadToHead(VETERAN, other);
    expect(embed.fields![0]!.value).toContain(
      `${want.opposite.won} won · ${want.opposite.lost} lost · ${want.opposite.drawn} drawn (`,
    );
    expect(embed.fields![0]!.value).toContain(`(${want.rounds_opposed} rounds on opposite teams)`);
    expect(embed.fields![1]!.value).toContain(
      `${want.same.won} won · ${want.same.lost} lost · ${want.same.drawn} drawn (`,
    );
    expect(compareRadarInput(data).players.map((p) => p.rounds)).toEqual([
      data.a.rounds,
      data.b.rounds,
    ]);
    expect(() => compareRadarChart(compareRadarInput(data))).not.toThrow();
  });

  it('answers deferred with the radar attached as a PNG and shown in the embed, its figures in the alt text', async () => {
    const other = 'A92C0E6F';
    const message = await ask(compare, { player1: VETERAN, player2: other }, createNodeRenderer());
    expect(message.kind).toBe('defer');
    const embed = message.embeds![0]!;
    // The text is the same answer as without charts.
    expect(embed.description!.split('\n').some((line) => line.startsWith('Kills'))).toBe(true);
    expect(message.files).toHaveLength(1);
    const file = message.files![0]!;
    expect(file.name).toMatch(/^compare-[a-z0-9-]+-vs-[a-z0-9-]+\.png$/);
    expect(embed.image).toEqual({ url: `attachment://${file.name}` });
    expect(isPng(file.data)).toBe(true);
    const data = await compareData(
      handle.db,
      { guid: VETERAN, name: 'a', bot: false },
      { guid: other, name: 'b', bot: false },
      ALL_TIME,
    );
    const radar = compareRadarChart(compareRadarInput(data));
    expect(decodePng(file.data)).toMatchObject({ width: radar.width, height: radar.height });
    expect(file.description).toMatch(
      /^Radar chart comparing .+ and .+, All time; each axis runs from 0/,
    );
    expect(file.description).toContain(
      `rounds ${formatCount(data.a.rounds)} vs ${formatCount(data.b.rounds)}`,
    );
  });

  it('marks fewer deaths as the better figure', () => {
    const deaths = CATEGORIES.find((c) => c.label === 'Deaths')!;
    const totals = (n: number) => ({ rounds: 1, deaths: n }) as unknown as PlayerTotals;
    expect(winnerOf(deaths, totals(3), totals(5))).toBe(-1);
    expect(winnerOf(deaths, totals(5), totals(3))).toBe(1);
    expect(winnerOf(deaths, totals(4), totals(4))).toBe(0);
  });

  it('refuses the same player twice and names which option did not match', async () => {
    expect((await ask(compare, { player1: VETERAN, player2: VETERAN })).content).toBe(
      'Pick two different players to compare.',
    );
    const missing = await ask(compare, { player1: VETERAN, player2: 'zzzz-nobody' });
    expect(missing).toMatchObject({
      ephemeral: true,
      content: expect.stringMatching(/^player2: No player matches/),
    });
  });
});
