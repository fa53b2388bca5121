import { and, eq, isNull, sql } from 'drizzle-orm';
import { type AnnouncementKind, announcements } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * A round summary, a map result or the achievements a round unlocked, that a channel has not had
 * yet, the earliest by file time.
 */
export interface PendingAnnouncement {
  readonly kind: 'round' | 'map' | 'achievements';
  /** The round's stats file id (for a map, its R1's; for achievements, the unlocking round's). */
  readonly subjectId: number;
  /** An R2 whose R1 has not arrived (yet). */
  readonly orphan: boolean;
  /** When the round's file arrived (ms), for a round. */
  readonly receivedAt: number | null;
  /** When another pass claimed it (ms), while that pass posts it; null when nobody has. */
  readonly claimedAt: number | null;
}

/**
 * The channel's first unsettled announcement among rounds that ended at or after `since`, in
 * file-time order: a round's summary, then (after an R2) its map's result, then the achievements
 * the round unlocked. So a summary always comes before its map result and its unlocks, whatever
 * order the files arrived in and whenever the recompute stored the unlocks. Ties (two servers'
 * files of the same second) go by id, so every pass sees the same order.
 */
export async function nextPending(
  db: Queryable,
  channelId: string,
  communityId: number,
  since: Date,
): Promise<PendingAnnouncement | null> {
  const servers = sql`(select g.id from game_servers g where g.community_id = ${communityId})`;
  const [row] = await rowsOf<{
    kind: PendingAnnouncement['kind'];
    subject_id: number;
    orphan: boolean;
    received_ms: number | null;
    claimed_ms: number | null;
  }>(
    db,
    sql`select i.kind, i.subject_id, i.orphan,
        (extract(epoch from i.received_at) * 1000)::float8 as received_ms,
        (extract(epoch from a.claimed_at) * 1000)::float8 as claimed_ms
      from (
        select 'round'::text as kind, r.file_id::float8 as subject_id, r.ended_at, 0 as sequence,
          r.orphan, f.received_at
        from rounds r join stats_files f on f.id = r.file_id
        where r.ended_at >= ${since.toISOString()}::timestamptz and r.server_id in ${servers}
        union all
        select 'map'::text, one.file_id::float8, m.ended_at, 1, false, null::timestamptz
        from matches m join rounds one on one.id = m.round1_id
        where m.round2_id is not null and m.ended_at >= ${since.toISOString()}::timestamptz
          and one.server_id in ${servers}
        union all
        select 'achievements'::text, r.file_id::float8, r.ended_at, 2, false, f.received_at
        from rounds r join stats_files f on f.id = r.file_id
        where r.ended_at >= ${since.toISOString()}::timestamptz and r.server_id in ${servers}
          and exists (select 1 from player_achievements pa
            where pa.community_id = ${communityId} and pa.file_id = r.file_id
              -- an unlock is dated by its round's end: this keeps to the unlocked_at index
              and pa.unlocked_at >= ${since.toISOString()}::timestamptz)
      ) i
      left join announcements a
        on a.channel_id = ${channelId} and a.kind = i.kind and a.subject_id = i.subject_id
      where a.settled_at is null
      order by i.ended_at, i.sequence, i.subject_id
      limit 1`,
  );
  if (!row) return null;
  return {
    kind: row.kind,
    subjectId: row.subject_id,
    orphan: row.orphan,
    receivedAt: row.received_ms,
    claimedAt: row.claimed_ms,
  };
}

export interface Subject {
  readonly channelId: string;
  readonly kind: AnnouncementKind;
  readonly subjectId: number;
}

const bySubject = (s: Subject) =>
  and(
    eq(announcements.channelId, s.channelId),
    eq(announcements.kind, s.kind),
    eq(announcements.subjectId, s.subjectId),
  );

/**
 * Claims `subject` for this pass at `at`: true when nobody had, or when the claim there was made
 * before `staleBefore` and never settled (its pass was cut off). False: another pass holds it.
 */
export async function claim(
  db: Queryable,
  subject: Subject,
  at: Date,
  staleBefore: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(announcements)
    .values({ ...subject, claimedAt: at })
    .onConflictDoNothing()
    .returning({ kind: announcements.kind });
  if (inserted.length > 0) return true;
  const taken = await db
    .update(announcements)
    .set({ claimedAt: at })
    .where(
      and(
        bySubject(subject),
        isNull(announcements.settledAt),
        sql`${announcements.claimedAt} < ${staleBefore.toISOString()}::timestamptz`,
      ),
    )
    .returning({ kind: announcements.kind });
  return taken.length > 0;
}

/** Records the post (or Discord's refusal of the message itself) of a claim made at `claimedAt`. */
export async function settle(
  db: Queryable,
  subject: Subject,
  claimedAt: Date,
  result: { readonly messageId: string } | { readonly refusal: string },
  at: Date,
): Promise<void> {
  await db
    .update(announcements)
    .set({
      settledAt: at,
      messageId: 'messageId' in result ? result.messageId : null,
      refusal: 'refusal' in result ? result.refusal.slice(0, 500) : null,
    })
    .where(and(bySubject(subject), eq(announcements.claimedAt, claimedAt)));
}

/** Gives a claim back after a failed post, so that a later pass tries again. */
export async function release(db: Queryable, subject: Subject, claimedAt: Date): Promise<void> {
  await db
    .delete(announcements)
    .where(
      and(
        bySubject(subject),
        isNull(announcements.settledAt),
        eq(announcements.claimedAt, claimedAt),
      ),
    );
}

/**
 * Marks when `channelId` became an announcement channel: rounds that ended before stay unposted
 * there.
 */
export async function markChannelSet(db: Queryable, channelId: string, at: Date): Promise<void> {
  const marker = { channelId, kind: 'channel' as const, subjectId: 0 };
  await db
    .insert(announcements)
    .values({ ...marker, claimedAt: at, settledAt: at })
    .onConflictDoUpdate({
      target: [announcements.channelId, announcements.kind, announcements.subjectId],
      set: { claimedAt: at, settledAt: at },
    });
}
