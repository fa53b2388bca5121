import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTruth } from '../../test/support/corpus.ts';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { achievements, achievementsData } from './achievements.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';

const truth = loadTruth();
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
});
afterAll(() => handle.close());

/** Unlocks worked out from truth.json with the thresholds written out: id → [day, round number]. */
function truthUnlocks(guid: string): Map<string, [string, number]> {
  const rounds = truth.rounds
    .filter((r) => r.players?.[guid])
    .sort((a, b) => a.file.localeCompare(b.file));
  const found = new Map<string, [string, number]>();
  let kills = 0;
  let deaths = 0;
  rounds.forEach((round, i) => {
    const p = round.players![guid]!;
    kills += p.kills as number;
    deaths += p.deaths as number;
    const n = i + 1;
    const day = round.file.slice(0, 10);
    const unlock = (id: string, met: boolean) => {
      if (met && !found.has(id)) found.set(id, [day, n]);
    };
    for (const t of [100, 500, 1000, 2500, 5000, 10000]) unlock(`kills_${t}`, kills >= t);
    for (const t of [10, 50, 100, 250, 500, 1000]) unlock(`rounds_${t}`, n >= t);
    for (const t of [1, 1.5, 2, 3])
      unlock(`kd_${t.toFixed(1)}`, n >= 20 && (deaths > 0 ? kills / deaths : kills) >= t);
  });
  return found;
}

describe('achievementsData', () => {
  it('unlocks for every player what truth.json’s rounds unlock, in the same round', async () => {
    let unlocked = 0;
    for (const [guid, p] of Object.entries(truth.players)) {
      if (p.bot) continue;
      const data = await achievementsData(handle.db, 1, { guid, name: guid, bot: false });
      const got = new Map(
        data.states
          .filter((s) => s.unlocked)
          .map((s) => [s.achievement.id, [s.unlocked!.at.slice(0, 10), s.unlocked!.roundNumber]]),
      );
      expect(got, guid).toEqual(truthUnlocks(guid));
      unlocked += got.size;
    }
    expect(unlocked).toBeGreaterThan(20);
  });
});

describe('/achievements', () => {
  it('shows unlocked and locked milestones with what is left, within Discord’s limits', async () => {
    const interaction = slashCommandInteraction(
      'achievements',
      commandOptions({ player: 'EF8ACD12' }),
    );
    const { subcommand, options } = readOptions(interaction.data.options);
    const result = await achievements.run({
      caller: readCaller(interaction),
      services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
      now: () => new Date(),
      rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
      applicationId: '1',
      log: () => {},
      commands: [achievements],
      interaction,
      subcommand,
      options,
    });
    if (result.kind !== 'reply') throw new Error('expected an immediate reply');
    assertWithinLimits(result.message);
    const embed = result.message.embeds![0]!;
    const want = truthUnlocks('EF8ACD12');
    expect(embed.description).toMatch(new RegExp(`^${want.size} of 16 unlocked`));
    const [day, n] = want.get('rounds_50')!;
    expect(embed.fields!.find((f) => f.name === 'Rounds')!.value).toContain(
      `✅ 50 rounds — ${day}`,
    );
    expect(embed.fields!.find((f) => f.name === 'Rounds')!.value).toContain(`(round ${n})`);
    expect(embed.fields!.find((f) => f.name === 'Rounds')!.value).toMatch(
      /⬜ 100 rounds — \d+ rounds to go/,
    );
  });
});
