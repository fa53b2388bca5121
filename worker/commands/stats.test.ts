import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLinks } from '../../schema/index.ts';
import { loadTruth, TRUTH_INTEGER_KEYS, type TruthRound } from '../../test/support/corpus.ts';
import {
  autocompleteInteraction,
  commandOptions,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import { decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import { dispatchInteraction } from '../discord/dispatch.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { allTime } from '../queries/period.ts';
import { playerCardChart } from '../render/charts/index.ts';
import { textsOf } from '../render/element.ts';
import type { Renderer } from '../render/renderer.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import { CHART_FAILED_NOTE } from './kit/chart-reply.ts';
import { formatCount, formatDecimal, formatRatio } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import type { CommandServices } from '../services.ts';
import { commands } from './index.ts';
import { playerCardInput, stats, statsData } from './stats.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { truthTotals } from '../../test/support/truth-totals.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const ALL_TIME = allTime(DEFAULT_COMMUNITY.id);

const truth = loadTruth();
/** A week after the corpus's last evening (2025-10-13), inside 2025 Q4: 30 days back reach into September. */
const NOW = new Date('2025-10-20T12:00:00Z');
const ASKER = '1300000000000000777';
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

const renderer = createNodeRenderer();

async function ask(
  command: Command<CommandServices>,
  values: Record<string, string>,
  userId = ASKER,
  charts?: Renderer,
): Promise<DiscordMessage & { ephemeral: boolean; kind: string }> {
  const interaction = slashCommandInteraction(command.definition.name, commandOptions(values), {
    userId,
  });
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await command.run({
    caller: readCaller(interaction),
    services: {
      db: handle.db,
      config: testConfig(),
      community: DEFAULT_COMMUNITY,
      renderer: charts,
    },
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

/** A truth round's end as the importer stores it: the file name's time (the corpus server runs on UTC). */
const endedAt = (round: TruthRound) => {
  const [, y, mo, d, h, mi, se] = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})/
    .exec(round.file)!
    .map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!));
};

/** The truth's per-round figures of one player summed over the rounds kept. */
/** Stopwatch maps of the player's group (from their R1 side, else their R2 side): won 2–0, lost 0–2, drawn 1–1. */
function truthMapResults(guid: string) {
  const result = { won: 0, lost: 0, drawn: 0 };
  for (const r2 of truth.rounds) {
    if (r2.round !== 2 || !r2.map_score || !r2.match) continue;
    const r1 = truth.rounds.find((r) => r.round === 1 && r.match === r2.match)!;
    const firstAttackers = 3 - r1.defender;
    const t1 = r1.players?.[guid]?.team;
    const t2 = r2.players?.[guid]?.team;
    const group =
      t1 === 1 || t1 === 2
        ? t1 === firstAttackers
          ? 1
          : -1
        : t2 === 1 || t2 === 2
          ? t2 === firstAttackers
            ? -1
            : 1
          : 0;
    if (group === 0) continue;
    const points = group === 1 ? r2.map_score.first_attackers : r2.map_score.first_defenders;
    if (points === 2) result.won++;
    else if (points === 0) result.lost++;
    else result.drawn++;
  }
  return result;
}

const field = (embed: APIEmbed, name: string) => embed.fields?.find((f) => f.name === name)?.value;
const VETERAN = 'EF8ACD12'; // the most rounds and five names in the corpus

describe('statsData', () => {
  it('sums every figure of a player’s rounds exactly as truth.json has them, for all time', async () => {
    const data = (await statsData(handle.db, VETERAN, ALL_TIME))!;
    const want = truthTotals(VETERAN);
    for (const key of [...TRUTH_INTEGER_KEYS, 'rounds'] as const)
      expect(data.totals[key], key).toBe(want[key]);
    expect(data.totals.time_played_min).toBeCloseTo(want.time_played_min!, 1);
    expect(data.totals.dpm).toBeCloseTo(want.damage_given! / want.time_played_min!, 1);
    expect(data.totals.kd).toBeCloseTo(want.kills! / want.deaths!, 2);
    expect(data.names.sort()).toEqual(
      [...new Set(truth.players[VETERAN]!.names.map((n) => n.replace(/\^[\s\S]/g, '')))].sort(),
    );
  });

  it('counts maps won, lost and drawn by the player’s stopwatch group, for every player', async () => {
    const seen = { won: 0, lost: 0, drawn: 0 };
    for (const guid of Object.keys(truth.players).filter((g) => !truth.players[g]!.bot)) {
      const data = (await statsData(handle.db, guid, ALL_TIME))!;
      const want = truthMapResults(guid);
      expect(data.results, guid).toEqual(want);
      seen.won += want.won;
      seen.lost += want.lost;
      seen.drawn += want.drawn;
    }
    // The corpus has every kind of result, so each count is exercised.
    expect(Math.min(seen.won, seen.lost, seen.drawn)).toBeGreaterThan(0);
  });

  it('sums per-weapon kills to the player’s kills and gives the card chart the same figures', async () => {
    const data = (await statsData(handle.db, VETERAN, ALL_TIME))!;
    expect(data.weapons.reduce((n, w) => n + w.kills, 0)).toBe(data.totals.kills);
    const card = playerCardInput(data);
    expect(card.totals.kills).toBe(data.totals.kills);
    expect(card.trend.points.length).toBeGreaterThan(0);
    expect(card.trend.points.length).toBeLessThanOrEqual(10);
    expect(textsOf(playerCardChart(card).tree).length).toBeGreaterThan(0);
  });
});

describe('/stats', () => {
  it('prints the named player’s figures, escaped names and all, within Discord’s limits', async () => {
    const message = await ask(stats, { player: VETERAN });
    const embed = message.embeds![0]!;
    const want = truthTotals(VETERAN);
    expect(field(embed, 'Kills')).toBe(formatCount(want.kills!));
    expect(field(embed, 'Deaths')).toBe(formatCount(want.deaths!));
    expect(field(embed, 'K/D')).toBe(formatRatio(want.kills! / want.deaths!));
    expect(field(embed, 'DPM')).toBe(
      formatDecimal(Math.round((100 * want.damage_given!) / want.time_played_min!) / 100),
    );
    expect(field(embed, 'Rounds')).toBe(formatCount(want.rounds!));
    expect(field(embed, 'XP')).toBe(formatCount(want.xp!));
    expect(field(embed, 'Revives')).toBe(
      `${formatCount(want.revives_given!)} given\n${formatCount(want.times_revived!)} revived`,
    );
    const results = truthMapResults(VETERAN);
    expect(field(embed, 'Maps (stopwatch)')).toBe(
      `${results.won} won · ${results.lost} lost · ${results.drawn} drawn`,
    );
    expect(field(embed, 'Other names')).toContain(escapeMarkdown('iamez3_33'));
    expect(message.ephemeral).toBe(false);
  });

  it('finds a player by part of an old name', async () => {
    const message = await ask(stats, { player: 'mez3_5' });
    expect(message.embeds![0]!.description).toContain(VETERAN);
  });

  it('covers only the last session with period:session', async () => {
    const last = truth.sessions.reduce((a, b) =>
      endedAt(find(a.rounds.at(-1)!)) > endedAt(find(b.rounds.at(-1)!)) ? a : b,
    );
    const guid = last.players[0]!;
    const want = truthTotals(guid, (round) => last.rounds.includes(round.file));
    const embed = (await ask(stats, { player: guid, period: 'session' })).embeds![0]!;
    expect(embed.description).toMatch(/^Last session \(#\d+, \d{4}-\d{2}-\d{2}\)/);
    expect(field(embed, 'Kills')).toBe(formatCount(want.kills!));
    expect(field(embed, 'Rounds')).toBe(formatCount(want.rounds!));
  });

  it('covers the running season and the last 30 days by when rounds ended', async () => {
    const seasonStart = new Date('2025-10-01T00:00:00Z');
    const season = truthTotals(VETERAN, (round) => endedAt(round) >= seasonStart);
    const seasonEmbed = (await ask(stats, { player: VETERAN, period: 'season' })).embeds![0]!;
    expect(seasonEmbed.description).toMatch(/^This season \(2025 Q4\)/);
    expect(field(seasonEmbed, 'Rounds')).toBe(formatCount(season.rounds!));
    const monthStart = new Date(NOW.getTime() - 30 * 86_400_000);
    const month = truthTotals(VETERAN, (round) => endedAt(round) >= monthStart);
    const monthEmbed = (await ask(stats, { player: VETERAN, period: '30d' })).embeds![0]!;
    expect(field(monthEmbed, 'Rounds')).toBe(formatCount(month.rounds!));
    expect(field(monthEmbed, 'Kills')).toBe(formatCount(month.kills!));
    // Three different spans, so a filter that ignored the period would fail.
    expect(new Set([season.rounds, month.rounds, truthTotals(VETERAN).rounds]).size).toBe(3);
  });

  it('uses the caller’s linked player when none is named, and says how to link when there is none', async () => {
    expect((await ask(stats, {}, '1300000000000000999')).content).toMatch(
      /not linked a player: use \/link/,
    );
    await handle.db
      .insert(discordLinks)
      .values({ communityId: 1, userId: ASKER, guid: VETERAN, linkedAt: NOW, linkedBy: ASKER });
    expect((await ask(stats, {})).embeds![0]!.description).toContain(VETERAN);
  });

  it('answers unknown and ambiguous names with a clear ephemeral message', async () => {
    const none = await ask(stats, { player: 'nobody-by-this-name' });
    expect(none).toMatchObject({
      ephemeral: true,
      content: expect.stringMatching(/^No player matches 'nobody\\-by\\-this\\-name'/),
    });
    const several = await ask(stats, { player: 'iamez' });
    expect(several.ephemeral).toBe(true);
    // The answer is the list: one line per candidate, with the GUID that names them alone.
    expect(several.content).toMatch(/^Several players match 'iamez':\n• \*\*iamez/);
    for (const guid of ['EF8ACD12', '3B8367DC', '5B8AAA46', 'AB63AD02'])
      expect(several.content).toContain(`\`${guid}\``);
  });

  it('takes user:@member as that member’s linked player, and says how to link when they have none', async () => {
    // ASKER linked VETERAN in the test above; someone else asks about ASKER.
    const linked = await ask(stats, { user: ASKER }, '1300000000000000555');
    expect(linked.embeds![0]!.description).toContain(VETERAN);
    const unlinked = await ask(stats, { user: '1300000000000000444' }, ASKER);
    expect(unlinked).toMatchObject({ ephemeral: true });
    expect(unlinked.content).toBe(
      '<@1300000000000000444> has not linked a player here. They can link theirs with `/link player:<their name>`; or name the player instead (`player:`).',
    );
    const both = await ask(stats, { user: ASKER, player: 'iamez3' });
    expect(both).toMatchObject({ ephemeral: true, content: expect.stringMatching(/not both/) });
  });
});

describe('/stats with charts', () => {
  it('answers deferred with the player card attached as a PNG, shown in the embed, with alt text of its figures', async () => {
    const message = await ask(stats, { player: VETERAN }, ASKER, renderer);
    expect(message.kind).toBe('defer');
    const embed = message.embeds![0]!;
    const want = truthTotals(VETERAN);
    // The same figures as the text answer.
    expect(field(embed, 'Kills')).toBe(formatCount(want.kills!));
    expect(field(embed, 'Rounds')).toBe(formatCount(want.rounds!));
    const [file] = message.files ?? [];
    expect(message.files).toHaveLength(1);
    expect(file!.name).toMatch(/^player-[a-z0-9-]+\.png$/);
    expect(embed.image).toEqual({ url: `attachment://${file!.name}` });
    expect(isPng(file!.data)).toBe(true);
    const card = playerCardChart(playerCardInput((await statsData(handle.db, VETERAN, ALL_TIME))!));
    expect(decodePng(file!.data)).toMatchObject({ width: card.width, height: card.height });
    expect(file!.data.byteLength).toBeGreaterThan(10_000);
    expect(file!.description).toContain(`${formatCount(want.kills!)} kills`);
    expect(file!.description).toMatch(/^Player card of /);
  });

  it('answers with the text and a note when the renderer throws', async () => {
    const broken: Renderer = { renderPng: () => Promise.reject(new Error('resvg failed')) };
    const message = await ask(stats, { player: VETERAN }, ASKER, broken);
    expect(message.content).toBe(CHART_FAILED_NOTE);
    expect(message.files).toEqual([]);
    expect(field(message.embeds![0]!, 'Kills')).toBe(formatCount(truthTotals(VETERAN).kills!));
  });

  it('answers without a chart for a period the player has no rounds in', async () => {
    const quiet = Object.keys(truth.players).find(
      (guid) =>
        !truth.players[guid]!.bot &&
        truthTotals(guid, (r) => endedAt(r) >= new Date('2025-10-01T00:00:00Z')).rounds === 0,
    );
    expect(quiet).toBeDefined();
    const message = await ask(stats, { player: quiet!, period: 'season' }, ASKER, renderer);
    // Deferred at once (the figures are gathered after "thinking…"), then the text alone, no image.
    expect(message.kind).toBe('defer');
    expect(message.files ?? []).toEqual([]);
    expect(message.embeds![0]!.description).toContain('No rounds in this period.');
  });
});

function find(file: string): TruthRound {
  return truth.rounds.find((r) => r.file === file)!;
}

describe('/stats through the interaction dispatcher', () => {
  const deps = () => ({
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    commands,
    waitUntil: () => {},
    log: () => {},
  });

  it('answers in the interaction response with mentions disabled', async () => {
    const response = await dispatchInteraction(
      slashCommandInteraction('stats', commandOptions({ player: VETERAN })),
      deps(),
    );
    expect(response).toMatchObject({
      type: 4,
      data: {
        allowed_mentions: { parse: [] },
        embeds: [{ description: expect.stringContaining(VETERAN) }],
      },
    });
  });

  it('autocompletes the player option with GUID values', async () => {
    const response = await dispatchInteraction(
      autocompleteInteraction('stats', commandOptions({ player: 'mez3' }, { focused: 'player' })),
      deps(),
    );
    expect(response).toEqual({
      type: 8,
      data: { choices: [expect.objectContaining({ value: VETERAN })] },
    });
  });
});
