import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingPoints } from '../../stats/rating/display.ts';
import { DEFAULT_COMMUNITY } from '../../test/support/community.ts';
import { openCorpusDatabase } from '../../test/support/corpus-database.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { allTime } from '../queries/period.ts';
import { playerRating } from '../queries/rating.ts';
import { recomputeRating } from '../recompute/rating.ts';
import { statsData, statsMessage } from './stats.ts';

const VETERAN = 'EF8ACD12'; // the most rounds in the corpus
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openCorpusDatabase();
  await recomputeRating(handle.db, 1, 'all');
});
afterAll(() => handle.close());

const ratingField = async () => {
  const data = await statsData(handle.db, VETERAN, allTime(DEFAULT_COMMUNITY.id));
  return statsMessage(data!).embeds?.[0]?.fields?.find((f) => f.name.startsWith('Rating'));
};

describe('/stats with the rating', () => {
  it('shows the player’s rating, uncertainty and rank', async () => {
    const rating = (await playerRating(handle.db, 1, VETERAN))!;
    const at = Date.parse(rating.player.at);
    const shown = ratingPoints({ ...rating.player, at }, at);
    expect((await ratingField())?.value).toBe(
      `${shown.rating} ± ${shown.uncertainty} · ${rating.rank === null ? 'not ranked yet' : `#${rating.rank} of ${rating.ranked}`}`,
    );
  });

  it('leaves the field out for a player with no rated map', async () => {
    await handle.db.execute(sql`delete from rating_changes where key = ${VETERAN}`);
    await handle.db.execute(sql`delete from rating_current where key = ${VETERAN}`);
    expect(await ratingField()).toBeUndefined();
  });
});
