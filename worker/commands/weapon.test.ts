import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEAPON_NAMES } from '../../stats/fields.ts';
import { loadTruth } from '../../test/support/corpus.ts';
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
import { WEAPON_MIN_ROUNDS } from '../queries/weapons.ts';
import { weaponChart } from '../render/charts/index.ts';
import type { Renderer } from '../render/renderer.ts';
import { createNodeRenderer } from '../render/render-node.ts';
import { resolveWeapon, weapon, weaponChartInput, weaponData } from './weapon.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const ALL_TIME = allTime(DEFAULT_COMMUNITY.id);

const truth = loadTruth();
const NOW = new Date('2025-10-20T12:00:00Z');
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  // All time is read from the weapon totals the recompute stores.
  await recomputeAll(handle.db, { sessionGapMinutes: 60, seasons: QUARTERS }, NOW);
});
afterAll(() => handle.close());

async function ask(
  values: Record<string, string>,
  renderer?: Renderer,
): Promise<DiscordMessage & { ephemeral: boolean }> {
  const interaction = slashCommandInteraction('weapon', commandOptions(values));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await weapon.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY, renderer },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [weapon],
    interaction,
    subcommand,
    options,
  });
  const message = result.kind === 'reply' ? result.message : await result.finish();
  assertWithinLimits(message);
  return { ...message, ephemeral: result.ephemeral };
}

/** Each human's figures with one weapon over truth.json's rounds. */
function truthUsers(name: string) {
  const users = new Map<
    string,
    { guid: string; kills: number; hits: number; shots: number; rounds: number }
  >();
  for (const round of truth.rounds) {
    for (const [guid, p] of Object.entries(round.players ?? {})) {
      const w = p.weapons[name];
      if (p.bot || !w) continue;
      const u = users.get(guid) ?? { guid, kills: 0, hits: 0, shots: 0, rounds: 0 };
      users.set(guid, {
        guid,
        kills: u.kills + w.kills,
        hits: u.hits + w.hits,
        shots: u.shots + w.shots,
        rounds: u.rounds + (w.shots > 0 || w.kills > 0 ? 1 : 0),
      });
    }
  }
  return [...users.values()];
}

describe('resolveWeapon', () => {
  it('takes the WS_ name, the label, part of it or the id, and lists candidates when several fit', () => {
    const mp40 = WEAPON_NAMES.indexOf('WS_MP40');
    expect(resolveWeapon('WS_MP40')).toEqual({ ok: true, weapon: mp40 });
    expect(resolveWeapon('mp4')).toEqual({ ok: true, weapon: mp40 });
    expect(resolveWeapon(String(mp40))).toEqual({ ok: true, weapon: mp40 });
    expect(resolveWeapon('mortar')).toEqual({
      ok: true,
      weapon: WEAPON_NAMES.indexOf('WS_MORTAR'),
    });
    expect(resolveWeapon('m')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Several weapons match 'm': .* — pick one from the list\.$/),
    });
    expect(resolveWeapon('railgun')).toEqual({
      ok: false,
      reason: "No weapon matches 'railgun'. /weapons lists them all.",
    });
  });
});

describe('weaponData', () => {
  it('ranks the most kills and, past the stated threshold, the best accuracy as truth.json has them', async () => {
    for (const name of ['WS_MP40', 'WS_THOMPSON', 'WS_GRENADE']) {
      const data = (await weaponData(
        handle.db,
        WEAPON_NAMES.indexOf(name as (typeof WEAPON_NAMES)[number]),
        ALL_TIME,
      ))!;
      const users = truthUsers(name);
      const best = users
        .filter((u) => u.kills > 0)
        .sort((a, b) => b.kills - a.kills || a.rounds - b.rounds || a.guid.localeCompare(b.guid));
      expect(
        data.best.map((u) => [u.guid, u.kills, u.rounds]),
        name,
      ).toEqual(best.slice(0, 8).map((u) => [u.guid, u.kills, u.rounds]));
      const sharp = users
        .filter((u) => u.rounds >= WEAPON_MIN_ROUNDS && u.shots > 0)
        .sort(
          (a, b) =>
            b.hits / b.shots - a.hits / a.shots ||
            b.shots - a.shots ||
            a.guid.localeCompare(b.guid),
        );
      expect(
        data.sharpest.map((u) => u.guid),
        name,
      ).toEqual(sharp.slice(0, 8).map((u) => u.guid));
      expect(data.totals.kills).toBe(users.reduce((n, u) => n + u.kills, 0));
      const chart = weaponChartInput(
        WEAPON_NAMES.indexOf(name as (typeof WEAPON_NAMES)[number]),
        data,
        ALL_TIME,
      );
      expect(chart.rows.map((row) => row.kills)).toEqual(data.best.map((u) => u.kills));
      expect(() => weaponChart(chart)).not.toThrow();
    }
  });
});

describe('/weapon', () => {
  it('answers after a defer with the weapon, its best users and the threshold', async () => {
    const message = await ask({ name: 'thompson' });
    const embed = message.embeds![0]!;
    expect(embed.title).toBe('Thompson (WS_THOMPSON)');
    expect(embed.fields!.map((f) => f.name)).toEqual([
      'Kills',
      'Deaths',
      'Players',
      'Accuracy',
      'Headshots',
      'Rounds used in',
      'Most kills',
      `Most accurate (at least ${WEAPON_MIN_ROUNDS} rounds with it)`,
    ]);
    expect(embed.fields![0]!.value).toBe(
      truthUsers('WS_THOMPSON')
        .reduce((n, u) => n + u.kills, 0)
        .toLocaleString('en-US'),
    );
  });

  it('counts the rounds it was used in, each round once however many players used it', async () => {
    const embed = (await ask({ name: 'thompson' })).embeds![0]!;
    const used = truth.rounds.filter((round) =>
      Object.values(round.players ?? {}).some((p) => {
        const w = p.weapons['WS_THOMPSON'];
        return !p.bot && w !== undefined && (w.shots > 0 || w.kills > 0);
      }),
    );
    const playerRounds = truthUsers('WS_THOMPSON').reduce((n, u) => n + u.rounds, 0);
    // Several players use it in most rounds: counting player-rounds gave several times the rounds stored.
    expect(playerRounds).toBeGreaterThan(used.length);
    expect(embed.fields!.find((f) => f.name === 'Rounds used in')!.value).toBe(
      used.length.toLocaleString('en-US'),
    );
  });

  it('attaches a PNG chart of its best users, shown in the embed, with their figures in the alt text', async () => {
    const message = await ask({ name: 'thompson' }, createNodeRenderer());
    const embed = message.embeds![0]!;
    expect(embed.title).toBe('Thompson (WS_THOMPSON)');
    expect(embed.fields![0]!.value).toBe(
      truthUsers('WS_THOMPSON')
        .reduce((n, u) => n + u.kills, 0)
        .toLocaleString('en-US'),
    );
    expect(message.files?.map((f) => f.name)).toEqual(['weapon-thompson.png']);
    const file = message.files![0]!;
    expect(embed.image).toEqual({ url: 'attachment://weapon-thompson.png' });
    expect(isPng(file.data)).toBe(true);
    const id = WEAPON_NAMES.indexOf('WS_THOMPSON');
    const data = (await weaponData(handle.db, id, ALL_TIME))!;
    const chart = weaponChart(weaponChartInput(id, data, ALL_TIME));
    expect(decodePng(file.data)).toMatchObject({ width: chart.width, height: chart.height });
    expect(file.description).toContain(
      `Most kills: ${data.best[0]!.name} ${data.best[0]!.kills} kills`,
    );
  });

  it('says when nobody used the weapon, and refuses unknown names privately', async () => {
    expect((await ask({ name: 'WS_MORTAR2' })).content).toMatch(
      /^Nobody used the Granatwerfer in this period/,
    );
    expect(await ask({ name: 'railgun' })).toMatchObject({
      ephemeral: true,
      content: "No weapon matches 'railgun'. /weapons lists them all.",
    });
  });
});
