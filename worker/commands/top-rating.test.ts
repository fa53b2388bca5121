import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { ratingTable } from '../queries/rating.ts';
import { recomputeRating } from '../recompute/rating.ts';
import { top } from './top.ts';

let handle: DatabaseHandle;
const NOW = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeRating(handle.db, 1, 'all');
});
afterAll(() => handle.close());

async function ask(options: Record<string, string>) {
  const interaction = slashCommandInteraction('top', commandOptions(options));
  const parsed = readOptions(interaction.data.options);
  const result = await top.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [top],
    interaction,
    ...parsed,
  });
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  assertWithinLimits(result.message);
  return result.message;
}

describe('/top metric:rating', () => {
  it('ranks the players with the stated minimum of rated maps by rating', async () => {
    const table = (await ratingTable(handle.db, 1, NOW)).filter((e) => e.rank !== null);
    const message = await ask({ metric: 'rating' });
    const embed = message.embeds?.[0];
    const lines = embed?.description?.split('\n') ?? [];
    expect(lines).toHaveLength(Math.min(10, table.length));
    expect(lines[0]).toContain(`**1.** `);
    expect(lines[0]).toContain(
      `— ${table[0]?.rating} ± ${table[0]?.uncertainty} · ${table[0]?.rated_maps} maps`,
    );
    expect(embed?.footer?.text).toContain('at least 10 rated maps');
  });

  it('refuses a period, saying the rating has none', async () => {
    expect((await ask({ metric: 'rating', period: '30d' })).content).toMatch(
      /rating has no periods/,
    );
  });
});
