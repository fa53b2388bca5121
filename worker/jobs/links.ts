import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { linkOfUser, type PlayerRef, playerByGuid } from '../queries/links.ts';
import { shownName } from '../db/scopes.ts';
import { bumpDataVersion } from '../db/data-version.ts';

export type LinkOutcome =
  | { readonly ok: true; readonly player: PlayerRef; readonly created: boolean }
  | { readonly ok: false; readonly reason: 'unknown-player' | 'bot' | 'taken' }
  | { readonly ok: false; readonly reason: 'already-linked'; readonly current: PlayerRef };

/**
 * Links a Discord user to a GUID: one user ↔ one GUID, so it fails when the user is linked elsewhere or
 * the GUID is someone else's. Linking again to the same GUID succeeds without change (a double click).
 */
export async function createLink(
  db: Queryable,
  link: { communityId: number; userId: string; guid: string; linkedBy: string; at: Date },
): Promise<LinkOutcome> {
  const player = await playerByGuid(db, link.communityId, link.guid);
  if (!player) return { ok: false, reason: 'unknown-player' };
  if (player.bot) return { ok: false, reason: 'bot' };
  const inserted = await rowsOf<{ user_id: string }>(
    db,
    sql`
    insert into discord_links (community_id, user_id, guid, linked_at, linked_by)
    values (${link.communityId}, ${link.userId}, ${player.guid}, ${link.at.toISOString()}::timestamptz, ${link.linkedBy})
    on conflict do nothing returning user_id`,
  );
  if (inserted.length > 0) {
    // The website's player list shows who is linked.
    await bumpDataVersion(db, [link.communityId]);
    return { ok: true, player, created: true };
  }
  const current = await linkOfUser(db, link.communityId, link.userId);
  if (current?.guid === player.guid) return { ok: true, player, created: false };
  if (current)
    return {
      ok: false,
      reason: 'already-linked',
      current: { guid: current.guid, name: current.name, bot: current.bot },
    };
  return { ok: false, reason: 'taken' };
}

/** Removes a user's link in the community; the player it pointed to, or undefined when none. */
export async function removeLink(
  db: Queryable,
  communityId: number,
  userId: string,
): Promise<PlayerRef | undefined> {
  const [removed] = await rowsOf<PlayerRef>(
    db,
    sql`
    with gone as (delete from discord_links where community_id = ${communityId} and user_id = ${userId}
      returning guid)
    select p.guid, ${shownName(sql`p.guid`, communityId)} as name, p.bot from gone join players p on p.guid = gone.guid`,
  );
  if (removed) await bumpDataVersion(db, [communityId]);
  return removed;
}
