import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/*
 * Merging players: one person, two GUIDs (a reinstall, a second computer). A row in player_merges says
 * "file every row of GUID M under GUID K". Applying it (applyPlayerMerges) rewrites the stored rows that
 * name M: per-round figures and weapons move to K, M's names become K's aliases once M has no
 * row left anywhere (K's latest name and first/last seen are recomputed from them), and a Discord link of M
 * in that community moves to K when K has none there. Merges are per community: another community's rows
 * of M stay M's. Then the
 * recompute redoes teams, leaderboards and achievements. M's player row stays, empty.
 *
 * The raw files are never touched, so undoing is exact: delete the row, re-derive everything from the raw
 * files (the rebuild), apply the merges that remain and recompute. That costs as much as /admin rebuild.
 * Merges chain (A into M, then M into K files A under K too; undoing M into K gives A back to M).
 *
 * What applies a merge to rows that arrive later: the importer and `npm run rebuild` must call
 * applyPlayerMerges after they write (in their transaction); /admin rebuild does. This module imports
 * nothing but the database, so the importer can call it without a cycle.
 */

/**
 * Every merged GUID with the GUID its rows end up under (the end of its chain), per community: a merge
 * is its community's own and files only the rows of rounds played on that community's servers.
 */
const CANON = sql`recursive chain(community, merged, kept, depth) as (
    select community_id, merged_guid, kept_guid, 1 from player_merges
    union all
    select c.community, c.merged, m.kept_guid, c.depth + 1 from chain c
      join player_merges m on m.community_id = c.community and m.merged_guid = c.kept where c.depth < 32),
  canon as (select distinct on (community, merged) community, merged, kept from chain order by community, merged, depth desc),
  placed as (select r.id as round_id, g.community_id as community from rounds r join game_servers g on g.id = r.server_id)`;

/**
 * The GUIDs that rows of these GUIDs are filed under in the community (the ends of their merge chains),
 * for the recompute: a round's file names the merged GUID, its rows the kept one.
 */
export async function keptGuidsOf(
  tx: Queryable,
  communityId: number,
  guids: readonly string[],
): Promise<string[]> {
  if (guids.length === 0) return [];
  const rows = await rowsOf<{ kept: string }>(
    tx,
    sql`with ${CANON} select distinct kept from canon where community = ${communityId} and merged in ${guids}`,
  );
  return rows.map((r) => r.kept);
}

/** The merges whose merged GUID has no row left anywhere: its names can move to the kept GUID. */
const EMPTIED = sql`emptied as (select distinct merged, kept from canon c
    where not exists (select 1 from player_rounds pr where pr.guid = c.merged))`;

/**
 * Files the rows of every merged GUID under the GUID it was merged into. Idempotent: rows already moved
 * are not touched again. A round that holds both GUIDs (two people after all) keeps them apart.
 * `known`: the caller read in this transaction, holding the import lock, that merges exist (the
 * importer: one statement fewer under the lock).
 */
export async function applyPlayerMerges(
  tx: Queryable,
  { known = false }: { readonly known?: boolean } = {},
): Promise<{ readonly movedRounds: number }> {
  if (!known) {
    const [any] = await rowsOf<{ any: boolean }>(
      tx,
      sql`select exists (select 1 from player_merges) as any`,
    );
    if (!any?.any) return { movedRounds: 0 };
  }
  const [moved] = await rowsOf<{ rounds: number }>(
    tx,
    sql`with ${CANON},
    moved as (
      update player_rounds pr set guid = c.kept from canon c, placed p
      where pr.guid = c.merged and p.round_id = pr.round_id and p.community = c.community
        and not exists (select 1 from player_rounds k where k.round_id = pr.round_id and k.guid = c.kept)
        and not exists (select 1 from player_rounds o join canon oc on oc.merged = o.guid and oc.community = c.community
          where o.round_id = pr.round_id and oc.kept = c.kept and o.guid < pr.guid)
      returning pr.round_id, c.merged, c.kept),
    weapons as (update player_weapon_rounds w set guid = m.kept from moved m where w.round_id = m.round_id and w.guid = m.merged returning 1)
    select (select count(*) from moved)::int as rounds`,
  );
  await tx.execute(sql`with ${CANON}, ${EMPTIED},
    gone as (delete from player_aliases a using emptied c where a.guid = c.merged
      returning c.kept, a.name_raw, a.name, a.first_seen_at, a.last_seen_at, a.rounds)
    insert into player_aliases (guid, name_raw, name, first_seen_at, last_seen_at, rounds)
    select kept, name_raw, min(name), min(first_seen_at), max(last_seen_at), sum(rounds)::int from gone group by kept, name_raw
    on conflict (guid, name_raw) do update set
      first_seen_at = least(player_aliases.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(player_aliases.last_seen_at, excluded.last_seen_at),
      rounds = player_aliases.rounds + excluded.rounds`);
  // The kept player's name and first/last seen, from its aliases now: the newest name wins, ties by text (as the importer does).
  await tx.execute(sql`with ${CANON}, ${EMPTIED},
    latest as (select distinct on (a.guid) a.guid, a.name, a.name_raw from player_aliases a
      where a.guid in (select kept from emptied) order by a.guid, a.last_seen_at desc, a.name_raw desc),
    span as (select a.guid, min(a.first_seen_at) as first_seen_at, max(a.last_seen_at) as last_seen_at from player_aliases a
      where a.guid in (select kept from emptied) group by a.guid)
    update players p set name = l.name, name_raw = l.name_raw, first_seen_at = s.first_seen_at, last_seen_at = s.last_seen_at
    from latest l join span s on s.guid = l.guid where p.guid = l.guid`);
  await tx.execute(sql`with ${CANON}
    update discord_links l set guid = c.kept from canon c
    where l.community_id = c.community and l.guid = c.merged
      and not exists (select 1 from discord_links k where k.community_id = l.community_id and k.guid = c.kept)
      and not exists (select 1 from discord_links o join canon oc on oc.merged = o.guid and oc.community = o.community_id
        where o.community_id = l.community_id and oc.kept = c.kept and o.guid < l.guid)`);
  return { movedRounds: moved?.rounds ?? 0 };
}
