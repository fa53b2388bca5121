import { sql } from 'drizzle-orm';
import { type Belief, rateMaps } from '../../stats/rating/model.ts';
import { ratingChanges, ratingMaps as ratingMapsTable } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { ratingMaps } from './rating-maps.ts';

const CHUNK = 500;

/**
 * Every belief as it stood just before `since` (ms): each key's latest stored "after". The state the
 * maps from `since` on are rated from, so rating them again gives what rating everything gives.
 */
async function stateBefore(tx: Queryable, communityId: number, since: number) {
  const rows = await rowsOf<{ key: string; mu: number; sigma2: number; at: string }>(
    tx,
    sql`select distinct on (key) key, mu_after as mu, sigma2_after as sigma2, ${isoTime('ended_at')} as at
      from rating_changes where community_id = ${communityId} and ended_at < ${new Date(since).toISOString()}::timestamptz
      order by key, ended_at desc, round_id desc`,
  );
  return new Map<string, Belief>(
    rows.map((r) => [r.key, { mu: r.mu, sigma2: r.sigma2, at: Date.parse(r.at) }]),
  );
}

/**
 * Rates the community's maps that ended at or after `since` (ms; 0 or 'all' for every map), replacing
 * what was stored for them, from the beliefs stored before. After each import the maps from the
 * imported one's on are rated again; a full recompute rates all; either way the rows are the same.
 */
export async function recomputeRating(
  tx: Queryable,
  communityId: number,
  since: number | 'all',
): Promise<{ maps: number }> {
  const from = since === 'all' ? 0 : since;
  const after = new Date(from).toISOString();
  const gone = await rowsOf<{ key: string }>(
    tx,
    sql`with gone as (delete from rating_changes where community_id = ${communityId} and ended_at >= ${after}::timestamptz returning key)
      select distinct key from gone`,
  );
  await tx.execute(
    sql`delete from rating_maps where community_id = ${communityId} and ended_at >= ${after}::timestamptz`,
  );
  const state = from === 0 ? new Map<string, Belief>() : await stateBefore(tx, communityId, from);
  const maps = await ratingMaps(tx, communityId, from);
  const byId = new Map(maps.map((m) => [m.id, m]));
  const rated = rateMaps(maps, undefined, state);
  const mapRows = rated.map((r) => ({
    roundId: r.id,
    communityId,
    matchId: byId.get(r.id)?.matchId ?? null,
    map: r.map,
    endedAt: new Date(r.endedAt),
    status: r.status,
    expected: r.expected,
    firstPoints: byId.get(r.id)?.firstPoints ?? null,
  }));
  const changeRows = rated.flatMap((r) =>
    r.changes.map((c) => ({
      roundId: r.id,
      key: c.key,
      communityId,
      endedAt: new Date(r.endedAt),
      coefficient: c.coefficient,
      muBefore: c.before.mu,
      sigma2Before: c.before.sigma2,
      muAfter: c.after.mu,
      sigma2After: c.after.sigma2,
    })),
  );
  for (let i = 0; i < mapRows.length; i += CHUNK)
    await tx.insert(ratingMapsTable).values(mapRows.slice(i, i + CHUNK));
  for (let i = 0; i < changeRows.length; i += CHUNK)
    await tx.insert(ratingChanges).values(changeRows.slice(i, i + CHUNK));
  await writeCurrent(
    tx,
    communityId,
    from === 0 ? 'all' : [...new Set([...gone.map((g) => g.key), ...changeRows.map((c) => c.key)])],
  );
  return { maps: mapRows.length };
}

/**
 * Writes rating_current of `keys` (every key with 'all') from rating_changes: each key's latest change
 * and how many it has. A key whose latest stored change went with its round (a rebuild, a round the
 * importer dropped) is written again too, so no row outlives the change it copies.
 */
async function writeCurrent(tx: Queryable, communityId: number, keys: readonly string[] | 'all') {
  const stale = sql`key in (select rc.key from rating_current rc where rc.community_id = ${communityId}
    and not exists (select 1 from rating_changes c where c.round_id = rc.round_id and c.key = rc.key))`;
  const which =
    keys === 'all' ? sql`true` : keys.length > 0 ? sql`(key in ${keys} or ${stale})` : stale;
  const gone = await rowsOf<{ key: string }>(
    tx,
    sql`delete from rating_current where community_id = ${communityId} and ${which} returning key`,
  );
  const written = keys === 'all' ? null : [...new Set([...keys, ...gone.map((g) => g.key)])];
  if (written?.length === 0) return;
  await tx.execute(sql`insert into rating_current (community_id, key, round_id, ended_at, mu, sigma2, maps)
    select distinct on (key) community_id, key, round_id, ended_at, mu_after, sigma2_after, count(*) over (partition by key)
    from rating_changes where community_id = ${communityId} and ${written === null ? sql`true` : sql`key in ${written}`}
    order by key, ended_at desc, round_id desc`);
}
