import { eq } from 'drizzle-orm';
import { rounds } from '../../schema/index.ts';
import type { Database } from '../db/database.ts';
import type { DiscordMessage } from '../discord/message.ts';
import { roundViews } from '../queries/round-view.ts';
import { roundAchievementsMessage } from './achievements.ts';
import type { PendingAnnouncement } from './announced.ts';
import { mapSummary, roundSummary } from './round-summary.ts';

/**
 * The message for a pending announcement in `communityId`'s channel, built when it is posted (an R2
 * paired meanwhile shows its figures; unlocks a recompute added since are listed).
 */
export async function messageFor(
  db: Database,
  communityId: number,
  pending: PendingAnnouncement,
): Promise<DiscordMessage | null> {
  if (pending.kind === 'achievements')
    return roundAchievementsMessage(db, communityId, pending.subjectId);
  const [round] = await db
    .select({ id: rounds.id })
    .from(rounds)
    .where(eq(rounds.fileId, pending.subjectId));
  if (!round) return null;
  if (pending.kind === 'round') {
    const [view] = await roundViews(db, 'any', [round.id]);
    return view ? roundSummary(view) : null;
  }
  const match = await db.query.matches.findFirst({
    where: (m, { eq }) => eq(m.round1Id, round.id),
  });
  if (!match?.round2Id) return null;
  const views = await roundViews(db, 'any', [match.round1Id, match.round2Id]);
  const one = views.find((v) => v.id === match.round1Id);
  const two = views.find((v) => v.id === match.round2Id);
  return one && two ? mapSummary(one, two) : null;
}
