// The deployed Worker bundle in workerd over the sample corpus, recomputed at the real clock as
// `npm start` does. The corpus was played in September and October 2025, so "this season" and "the last
// 30 days" hold none of its rounds: the answers show the latest season with data and the 30 days up to
// the latest round instead, say so, and are not empty. Past seasons are named, autocompleted and refused.
import type { APIEmbed, APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARTERS } from '../../stats/seasons.ts';
import { recomputeAll } from '../../worker/recompute/index.ts';
import {
  autocompleteInteraction,
  commandOptions,
  signedInteractionInit,
  slashCommandInteraction,
} from '../../scripts/dev/discord-keys.ts';
import { type LocalStack, startLocalStack } from '../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack((local) =>
    recomputeAll(local.db, { sessionGapMinutes: 60, seasons: QUARTERS }, new Date()).then(() => {}),
  );
}, 120_000);
afterAll(() => stack?.stop());

// Each interaction from another user, so the per-user rate limit for big reports never refuses one.
let users = 0;
const actor = () => ({ userId: String(1_300_000_000_000_300_000n + BigInt(++users)) });

async function answer(interaction: APIInteraction) {
  const response = await stack.worker.fetch(
    '/interactions',
    await signedInteractionInit(stack.keys.privateKey, interaction),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as {
    type: number;
    data: { content?: string; flags?: number; embeds?: APIEmbed[]; choices?: unknown[] };
  };
}
const ask = (name: string, options: Record<string, string> = {}) =>
  answer(slashCommandInteraction(name, commandOptions(options), actor()));
/** The board's lines: "**1.** name — value · n rounds". */
const boardLines = (embed: APIEmbed | undefined) =>
  (embed?.description ?? '').split('\n').filter((l) => /^\*\*\d+\.\*\* /.test(l));

describe('seasons and recent boards on the old sample data, in workerd', () => {
  it('/season shows the latest season with data and its champions, and the all-time champions', async () => {
    const { data } = await ask('season');
    const [shown, hall] = data.embeds ?? [];
    expect(shown?.title).toBe('Season 2025 Q4');
    expect(shown?.description).toMatch(
      /Latest season with data: nobody has played in \d{4} Q\d yet/,
    );
    expect(shown?.fields?.find((f) => f.name === 'Kills')?.value).toMatch(/^🏆 .+ — \d/);
    expect(hall?.title).toBe('All-time champions');
    expect(hall?.description).toMatch(/^\*\*Kills\*\* — .+ ×\d/);
  });

  it('/season season:… shows a past season by name, and refuses one without data', async () => {
    const { data } = await ask('season', { season: '2025 Q3' });
    expect(data.embeds?.[0]?.title).toBe('Season 2025 Q3');
    expect(data.embeds?.[0]?.description).toContain('**final standings**');
    const refused = await ask('season', { season: '2019 Q1' });
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toContain(
      'Seasons with data, newest first: 2025 Q4 (#2), 2025 Q3 (#1)',
    );
    const choices = await answer(
      autocompleteInteraction(
        'season',
        commandOptions({ season: '' }, { focused: 'season' }),
        actor(),
      ),
    );
    expect(choices.type).toBe(8);
    expect(choices.data.choices?.map((c) => (c as { value: string }).value)).toEqual([
      '2025-10-01',
      '2025-07-01',
    ]);
  });

  it('/top period:season and period:30d are not empty, and say which span they rank', async () => {
    const season = await ask('top', { metric: 'kills', period: 'season' });
    expect(season.data.embeds?.[0]?.title).toBe('Top Kills · Latest season with data (2025 Q4)');
    expect(boardLines(season.data.embeds?.[0]).length).toBeGreaterThan(5);
    const month = await ask('top', { metric: 'kills', period: '30d' });
    expect(month.data.embeds?.[0]?.title).toBe('Top Kills · 30 days to 2025-10-13 (latest play)');
    expect(boardLines(month.data.embeds?.[0]).length).toBeGreaterThan(5);
    const past = await ask('top', { metric: 'kd', season: '2025 Q3' });
    expect(past.data.embeds?.[0]?.title).toBe('Top K/D · Season 2025 Q3');
    expect(boardLines(past.data.embeds?.[0]).length).toBeGreaterThan(0);
  });
});
