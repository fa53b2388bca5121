import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, slashCommandInteraction } from '../../scripts/dev/discord-keys.ts';
import { ratingPoints } from '../../stats/rating/display.ts';
import { rateMaps } from '../../stats/rating/model.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import { testConfig } from '../../test/support/node-app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { readCaller, readOptions } from '../discord/interaction.ts';
import { assertWithinLimits } from '../discord/limits.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { recomputeRating } from '../recompute/rating.ts';
import { ratingMaps } from '../recompute/rating-maps.ts';
import { rating, ratingAnswer, ratingData } from './rating.ts';

let handle: DatabaseHandle;
const NOW = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeRating(handle.db, 1, 'all');
});
afterAll(() => handle.close());

async function ask(player: string) {
  const interaction = slashCommandInteraction('rating', commandOptions({ player }));
  const { subcommand, options } = readOptions(interaction.data.options);
  const result = await rating.run({
    caller: readCaller(interaction),
    services: { db: handle.db, config: testConfig(), community: DEFAULT_COMMUNITY },
    now: () => NOW,
    rest: createDiscordRest({ baseUrl: 'http://127.0.0.1:9' }),
    applicationId: '1',
    log: () => {},
    commands: [rating],
    interaction,
    subcommand,
    options,
  });
  if (result.kind !== 'reply') throw new Error('expected an immediate reply');
  assertWithinLimits(result.message);
  return result;
}

describe('/rating', () => {
  it('shows the rating the model gives over every stored map, its uncertainty, rank and biggest moves', async () => {
    const rated = rateMaps(await ratingMaps(handle.db, 1));
    const counts = new Map<string, number>();
    for (const m of rated)
      for (const c of m.changes)
        if (!c.key.startsWith('~')) counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
    const [guid] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const last = rated.flatMap((m) => m.changes.filter((c) => c.key === guid)).at(-1);
    const shown = ratingPoints(last?.after as NonNullable<typeof last>['after'], NOW.getTime());
    const text = (await ask(guid)).message.embeds?.[0]?.description ?? '';
    expect(text).toContain(`**${shown.rating}** ± ${shown.uncertainty}`);
    expect(text).toMatch(/rank \d+ of \d+ \(players with 10\+ rated maps\)/);
    expect(text).toContain(`${counts.get(guid)} rated maps`);
    expect(text.match(/: (won|lost|drew) at \d+% to win, [+-]?\d+/g)).toHaveLength(3);
  });

  it('draws the rating after each session, the last value the one shown', async () => {
    const [guid] = (
      await rowsOf<{ key: string }>(
        handle.db,
        sql`select key from rating_changes where key not like '~%' group by key order by count(*) desc, key limit 1`,
      )
    ).map((r) => r.key);
    const data = (await ratingData(handle.db, 1, guid as string))!;
    expect(data.history.length).toBeGreaterThan(1);
    const answer = ratingAnswer('someone', data, NOW);
    const [image] = (await answer.charts?.()) ?? [];
    const last = data.history.at(-1)?.mu ?? 0;
    expect(last).toBe(data.player.mu);
    expect(image?.description).toMatch(
      new RegExp(
        `over ${data.history.length} sessions: from \\d+ to ${Math.round(1500 + 200 * last)}\\.$`,
      ),
    );
    expect(image?.chart.width).toBeGreaterThan(0);
  });

  it('says what happened and what to do for a player with no rated map', async () => {
    // Everyone in the corpus played a rated map: take one player's out, as if they had played none.
    const [unrated] = await rowsOf<{ guid: string }>(
      handle.db,
      sql`select p.guid from players p where not p.bot order by p.guid limit 1`,
    );
    await handle.db.execute(sql`delete from rating_changes where key = ${unrated?.guid}`);
    await handle.db.execute(sql`delete from rating_current where key = ${unrated?.guid}`);
    const answer = await ask(unrated?.guid ?? '');
    expect(answer.message.content).toMatch(/has no rated map yet: .*Play a full map/);
  });
});
