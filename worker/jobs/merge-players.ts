import { sql } from 'drizzle-orm';
import { playerMerges } from '../../schema/admin.ts';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type RebuildReport, rebuildFromRawFiles } from '../importer/rebuild.ts';
import { playerByGuid, type PlayerRef } from '../queries/links.ts';
import { type RecomputeSettings, recomputeAll } from '../recompute/index.ts';
import { locked } from '../db/locks.ts';
import { applyPlayerMerges } from '../importer/player-merges.ts';
import { ofCommunity } from '../queries/communities.ts';

export type { RebuildReport };

// Merging, undoing a merge and rebuilding with merges: each one transaction under the importer's lock.
// What a merge changes is explained in player-merges.ts.

export type MergeResult =
  | {
      readonly ok: true;
      readonly kept: PlayerRef;
      readonly merged: PlayerRef;
      readonly movedRounds: number;
    }
  | { readonly ok: false; readonly reason: string };

export type UnmergeResult =
  | {
      readonly ok: true;
      readonly kept: string;
      readonly merged: string;
      readonly rebuild: RebuildReport;
    }
  | { readonly ok: false; readonly reason: string };

async function mergedInto(
  tx: Queryable,
  communityId: number,
  guid: string,
): Promise<string | undefined> {
  const [row] = await rowsOf<{ kept_guid: string }>(
    tx,
    sql`select kept_guid from player_merges where community_id = ${communityId} and merged_guid = ${guid}`,
  );
  return row?.kept_guid;
}

async function whyNot(
  tx: Transaction,
  communityId: number,
  kept: PlayerRef | undefined,
  merged: PlayerRef | undefined,
  guids: { kept: string; merged: string },
) {
  if (!kept) return `no player has the GUID \`${guids.kept}\``;
  if (!merged) return `no player has the GUID \`${guids.merged}\``;
  if (kept.guid === merged.guid) return 'those are the same GUID';
  if (kept.bot || merged.bot) return 'bots cannot be merged';
  const mergedTarget = await mergedInto(tx, communityId, merged.guid);
  if (mergedTarget)
    return `\`${merged.guid}\` is already merged into \`${mergedTarget}\` (undo that first with /admin unmerge-players)`;
  const keptTarget = await mergedInto(tx, communityId, kept.guid);
  if (keptTarget)
    return `\`${kept.guid}\` is itself merged into \`${keptTarget}\`: merge into \`${keptTarget}\` instead`;
  const [together] = await rowsOf<{ rounds: number }>(
    tx,
    sql`
    select count(*)::int as rounds from player_rounds a join player_rounds b on b.round_id = a.round_id
    join rounds r on r.id = a.round_id
    where a.guid = ${merged.guid} and b.guid = ${kept.guid} and ${ofCommunity(communityId)}`,
  );
  if ((together?.rounds ?? 0) > 0)
    return `they played in the same round ${together?.rounds} time(s), so they are two people`;
  const [links] = await rowsOf<{ users: number }>(
    tx,
    sql`
    select count(distinct user_id)::int as users from discord_links
    where community_id = ${communityId} and guid in (${kept.guid}, ${merged.guid})`,
  );
  if ((links?.users ?? 0) > 1)
    return 'both GUIDs are linked to different Discord users: /admin unlink one of them first';
  return null;
}

/**
 * Merges `mergedGuid` into `keptGuid` and recomputes what depends on players, in one transaction under
 * the importer's lock: commands see the players apart or merged, never half of it.
 */
export async function mergePlayers(
  db: Queryable,
  input: {
    readonly communityId: number;
    readonly keptGuid: string;
    readonly mergedGuid: string;
    readonly by: string;
    readonly now: Date;
  },
  settings: RecomputeSettings,
): Promise<MergeResult> {
  return locked(
    db,
    async (tx): Promise<MergeResult> => {
      const guids = {
        kept: input.keptGuid.trim().toUpperCase(),
        merged: input.mergedGuid.trim().toUpperCase(),
      };
      const kept = await playerByGuid(tx, input.communityId, guids.kept);
      const merged = await playerByGuid(tx, input.communityId, guids.merged);
      const reason = await whyNot(tx, input.communityId, kept, merged, guids);
      if (reason !== null || !kept || !merged)
        return { ok: false, reason: reason ?? 'unknown player' };
      await tx.insert(playerMerges).values({
        communityId: input.communityId,
        mergedGuid: merged.guid,
        keptGuid: kept.guid,
        mergedBy: input.by,
        mergedAt: input.now,
      });
      const { movedRounds } = await applyPlayerMerges(tx);
      await recomputeAll(tx, settings, input.now);
      const keptNow = (await playerByGuid(tx, input.communityId, kept.guid)) ?? kept;
      return { ok: true, kept: keptNow, merged, movedRounds };
    },
    { withImports: true },
  );
}

/**
 * Re-derives every row from the raw files, then applies the merges and recomputes: /admin rebuild, and
 * the undoing of a merge. One transaction (the rebuild's runs as a savepoint of it): on any failure the
 * previous answers stay, so it is never destructive.
 */
export async function rebuildEverything(
  db: Queryable,
  settings: RecomputeSettings,
  now: Date,
): Promise<RebuildReport> {
  return locked(
    db,
    async (tx) => {
      // rebuildFromRawFiles opens a transaction of its own; on a transaction that is a savepoint.
      const report = await rebuildFromRawFiles(tx as unknown as Database, settings);
      await applyPlayerMerges(tx);
      await recomputeAll(tx, settings, now);
      return report;
    },
    { withImports: true },
  );
}

/** Undoes a merge exactly: drops it and re-derives everything from the raw files (as long as a rebuild). */
export async function unmergePlayer(
  db: Queryable,
  communityId: number,
  mergedGuid: string,
  settings: RecomputeSettings,
  now: Date,
): Promise<UnmergeResult> {
  const guid = mergedGuid.trim().toUpperCase();
  return locked(
    db,
    async (tx): Promise<UnmergeResult> => {
      const [gone] = await rowsOf<{ kept_guid: string }>(
        tx,
        sql`delete from player_merges where community_id = ${communityId} and merged_guid = ${guid}
          returning kept_guid`,
      );
      if (!gone) return { ok: false, reason: `\`${guid.slice(0, 16)}\` is not merged into anyone` };
      const rebuild = await rebuildEverything(tx, settings, now);
      return { ok: true, kept: gone.kept_guid, merged: guid, rebuild };
    },
    { withImports: true },
  );
}
