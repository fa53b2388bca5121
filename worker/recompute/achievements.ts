import { sql } from 'drizzle-orm';
import { ACHIEVEMENT_BY_ID, type Achievement, unlocks } from '../../stats/achievements.ts';
import { playerAchievements } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { ofCommunity } from '../db/scopes.ts';
import { shownName } from '../db/scopes.ts';
import { RANKED_ROUND } from './metrics.ts';

/** An achievement the recompute found unlocked that was not stored before: for the ingest path to announce. */
export interface NewAchievement {
  /** The community whose rounds unlocked it (its guilds are told). */
  readonly communityId: number;
  readonly guid: string;
  /** The player's current display name (colour codes stripped). */
  readonly name: string;
  readonly achievement: Achievement;
  readonly unlockedAt: Date;
  readonly roundId: number;
  readonly fileId: number;
  readonly roundNumber: number;
}

interface ProgressRow {
  guid: string;
  round_id: number;
  file_id: number | string;
  ended_at: string;
  kills: number;
  deaths: number;
}
interface StoredRow {
  guid: string;
  achievement: string;
  unlocked_at: string;
  round_id: number | null;
  file_id: number | string;
  round_number: number;
}
type Desired = {
  communityId: number;
  guid: string;
  achievement: string;
  unlockedAt: Date;
  roundId: number;
  fileId: number;
  roundNumber: number;
};

const CHUNK = 500;
const keyOf = (guid: string, achievement: string) => `${guid}\u0000${achievement}`;

/**
 * Recomputes the achievements of `guids` (or everyone) from their ranked rounds in play order and
 * stores the difference. Returns the ones that were not stored before.
 */
export async function recomputeAchievements(
  tx: Queryable,
  communityId: number,
  guids: readonly string[] | 'all',
): Promise<NewAchievement[]> {
  if (guids !== 'all' && guids.length === 0) return [];
  const who = guids === 'all' ? sql`true` : sql`pr.guid in ${guids}`;
  const rows = await rowsOf<ProgressRow>(
    tx,
    sql`
    select pr.guid, r.id as round_id, r.file_id, to_json(r.ended_at)#>>'{}' as ended_at, pr.kills, pr.deaths
    from player_rounds pr join rounds r on r.id = pr.round_id join stats_files f on f.id = r.file_id
    where not pr.bot and ${RANKED_ROUND('r')} and ${who} and ${ofCommunity(communityId)}
    order by pr.guid, r.ended_at, f.sha256`,
  );
  const desired = new Map<string, Desired>();
  for (let start = 0; start < rows.length; ) {
    const guid = (rows[start] as ProgressRow).guid;
    let end = start;
    while (end < rows.length && (rows[end] as ProgressRow).guid === guid) end++;
    const mine = rows.slice(start, end);
    for (const u of unlocks(mine.map((r) => ({ round: r, kills: r.kills, deaths: r.deaths })))) {
      desired.set(keyOf(guid, u.id), {
        communityId,
        guid,
        achievement: u.id,
        unlockedAt: new Date(u.round.ended_at),
        roundId: u.round.round_id,
        fileId: Number(u.round.file_id),
        roundNumber: u.roundNumber,
      });
    }
    start = end;
  }

  const whoStored = guids === 'all' ? sql`true` : sql`guid in ${guids}`;
  const stored = await rowsOf<StoredRow>(
    tx,
    sql`
    select guid, achievement, to_json(unlocked_at)#>>'{}' as unlocked_at, round_id, file_id, round_number from player_achievements
    where community_id = ${communityId} and ${whoStored}`,
  );
  const before = new Map(stored.map((s) => [keyOf(s.guid, s.achievement), s]));
  const gone = stored.filter((s) => !desired.has(keyOf(s.guid, s.achievement)));
  for (const s of gone)
    await tx.execute(
      sql`delete from player_achievements
        where community_id = ${communityId} and guid = ${s.guid} and achievement = ${s.achievement}`,
    );
  const changed = [...desired.values()].filter((d) => {
    const s = before.get(keyOf(d.guid, d.achievement));
    return (
      !s ||
      new Date(s.unlocked_at).getTime() !== d.unlockedAt.getTime() ||
      s.round_id !== d.roundId ||
      Number(s.file_id) !== d.fileId ||
      s.round_number !== d.roundNumber
    );
  });
  for (let i = 0; i < changed.length; i += CHUNK) {
    await tx
      .insert(playerAchievements)
      .values(changed.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [
          playerAchievements.communityId,
          playerAchievements.guid,
          playerAchievements.achievement,
        ],
        set: {
          unlockedAt: sql`excluded.unlocked_at`,
          roundId: sql`excluded.round_id`,
          fileId: sql`excluded.file_id`,
          roundNumber: sql`excluded.round_number`,
        },
      });
  }

  const fresh = changed.filter((d) => !before.has(keyOf(d.guid, d.achievement)));
  if (fresh.length === 0) return [];
  const names = new Map(
    (
      await rowsOf<{ guid: string; name: string }>(
        tx,
        sql`select pa.guid, ${shownName(sql`pa.guid`, communityId)} as name from players pa where pa.guid in ${[...new Set(fresh.map((d) => d.guid))]}`,
      )
    ).map((p) => [p.guid, p.name]),
  );
  return fresh
    .sort(
      (a, b) =>
        a.unlockedAt.getTime() - b.unlockedAt.getTime() ||
        (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0),
    )
    .map((d) => ({
      communityId,
      guid: d.guid,
      name: names.get(d.guid) ?? d.guid,
      achievement: ACHIEVEMENT_BY_ID.get(d.achievement) as Achievement,
      unlockedAt: d.unlockedAt,
      roundId: d.roundId,
      fileId: d.fileId,
      roundNumber: d.roundNumber,
    }));
}
