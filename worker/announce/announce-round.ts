import { and, eq, isNotNull } from 'drizzle-orm';
import {
  announcements,
  communityGuilds,
  gameServers,
  guildSettings,
  rounds,
} from '../../schema/index.ts';
import type { Database } from '../db/database.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { messageFor } from './announcement-message.ts';
import { postNonce } from './post-nonce.ts';
import { claim, nextPending, type PendingAnnouncement, release, settle } from './announced.ts';

/** Only rounds played this recently are announced: a backfill of last month's files stays quiet. */
export const ANNOUNCE_WITHIN_MS = 60 * 60 * 1000;
/**
 * A round is posted this long after it arrived at the earliest: files uploaded together (an agent
 * catching up sends four at once, finishing in any order) are in by then, and go out by file time.
 */
export const ANNOUNCE_SETTLE_MS = 3000;
/** A pass waits this long at most for rounds to settle; the next upload or the cron goes on. */
const MAX_SETTLE_WAIT_MS = 10_000;
/** How long an R2 whose R1 has not arrived waits for it (they are often uploaded together). */
export const ORPHAN_WAIT_MS = 2 * 60 * 1000;
/**
 * A claim older than this was left by a pass cut off mid-post (a Worker's background work ends 30 s
 * after its response); another pass takes it over, with the same nonce in case the post got
 * through.
 */
export const CLAIM_STALE_MS = 3 * 60 * 1000;

/** A channel configured with `/admin channel`, and the earliest file time it may be sent. */
export interface AnnounceChannel {
  readonly channelId: string;
  /** When it was set (null: before that was recorded). */
  readonly setAt: Date | null;
  /** The community whose rounds it is told of. */
  readonly communityId: number;
}

/**
 * The channels configured with `/admin channel` in guilds bound to a community (one per guild), each
 * with its community: a channel is told only of its community's rounds. `communityId` narrows to one.
 */
export async function announceChannels(
  db: Database,
  communityId?: number,
): Promise<AnnounceChannel[]> {
  const rows = await db
    .select({
      channelId: guildSettings.announceChannelId,
      setAt: announcements.claimedAt,
      communityId: communityGuilds.communityId,
    })
    .from(guildSettings)
    .leftJoin(
      announcements,
      and(
        eq(announcements.channelId, guildSettings.announceChannelId),
        eq(announcements.kind, 'channel'),
        eq(announcements.subjectId, 0),
      ),
    )
    .innerJoin(communityGuilds, eq(communityGuilds.guildId, guildSettings.guildId))
    .where(
      and(
        isNotNull(guildSettings.announceChannelId),
        communityId === undefined ? undefined : eq(communityGuilds.communityId, communityId),
      ),
    );
  const unique = new Map(rows.map((r) => [r.channelId as string, r]));
  return [...unique].map(([channelId, r]) => ({
    channelId,
    setAt: r.setAt,
    communityId: r.communityId,
  }));
}

/** The community a stored round counts in (its server's). */
export async function communityOfRound(db: Database, roundId: number): Promise<number | null> {
  const [row] = await db
    .select({ communityId: gameServers.communityId })
    .from(rounds)
    .innerJoin(gameServers, eq(gameServers.id, rounds.serverId))
    .where(eq(rounds.id, roundId));
  return row?.communityId ?? null;
}

export type ChannelPass =
  /** Nothing left to post. */
  | 'done'
  /** The next one is another pass's, which goes on after it. */
  | 'busy'
  /** An R2 waits for its R1 (ORPHAN_WAIT_MS), and every later round with it. */
  | 'waiting'
  /** A post failed: it and everything after wait for a later pass. */
  | 'failed';

export interface AnnounceOptions {
  /** Default ANNOUNCE_SETTLE_MS. */
  readonly settleMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface AnnounceReport {
  readonly posted: number;
  readonly channels: Readonly<Record<string, ChannelPass>>;
}

/**
 * Posts what `channel` has not had yet, one at a time in file-time order, each claimed first so
 * that no other pass posts it too. Stops at another pass's claim (that pass goes on after it,
 * seeing rounds imported meanwhile), at an R2 still waiting for its R1, and at a failure (released,
 * so it is retried). A round that arrived under `settleMs` ago is waited for: others arriving with
 * it may be older.
 */
async function announceInChannel(
  db: Database,
  rest: DiscordRest,
  channel: AnnounceChannel,
  start: Date,
  options: AnnounceOptions,
): Promise<{ pass: ChannelPass; posted: number }> {
  const settleMs = options.settleMs ?? ANNOUNCE_SETTLE_MS;
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const window = start.getTime() - ANNOUNCE_WITHIN_MS;
  const since = new Date(Math.max(window, channel.setAt?.getTime() ?? window));
  let now = start;
  let posted = 0;
  let waited = 0;
  for (;;) {
    const pending = await nextPending(db, channel.channelId, channel.communityId, since);
    if (!pending) return { pass: 'done', posted };
    const staleBefore = new Date(now.getTime() - CLAIM_STALE_MS);
    if (pending.claimedAt !== null && pending.claimedAt >= staleBefore.getTime())
      return { pass: 'busy', posted };
    // A file received "after" now comes from a clock that disagrees: waiting would not settle it.
    const received = pending.receivedAt ?? Number.NEGATIVE_INFINITY;
    const unsettled = received > now.getTime() ? 0 : received + settleMs - now.getTime();
    if (unsettled > 0) {
      if (waited + unsettled > MAX_SETTLE_WAIT_MS) return { pass: 'waiting', posted };
      await sleep(unsettled);
      waited += unsettled;
      now = new Date(now.getTime() + unsettled);
      continue;
    }
    const orphanWaits =
      pending.orphan && (pending.receivedAt ?? 0) > now.getTime() - ORPHAN_WAIT_MS;
    if (orphanWaits) return { pass: 'waiting', posted };
    const subject = {
      channelId: channel.channelId,
      kind: pending.kind,
      subjectId: pending.subjectId,
    };
    if (!(await claim(db, subject, now, staleBefore))) return { pass: 'busy', posted };

    const message = await messageFor(db, channel.communityId, pending);
    if (!message) {
      await settle(db, subject, now, { refusal: `the ${pending.kind} is gone` }, now);
      continue;
    }
    const result = await rest.postChannelMessage(channel.channelId, message, {
      nonce: await postNonce(channel.channelId, pending.kind, pending.subjectId),
    });
    if (result.ok) {
      await settle(db, subject, now, { messageId: result.data.id }, now);
      posted++;
      continue;
    }
    logFailure(channel.channelId, pending, result.status, result.reason);
    // Discord refused the message itself: it would refuse it again, and the channel must go on.
    if (result.status === 400) {
      await settle(db, subject, now, { refusal: result.reason }, now);
      continue;
    }
    await release(db, subject, now);
    return { pass: 'failed', posted };
  }
}

/**
 * Posts every round summary, map result and round's achievements the announcement channels have not
 * had, exactly once per channel and in the order of the rounds' file times (a round's summary, then
 * its map's result, then what it unlocked), whatever order the files arrived in. Rounds
 * that ended over ANNOUNCE_WITHIN_MS before `now`, or before the channel was set, are never posted.
 * Runs after every import and on the cron (which retries what failed). Never throws for Discord's
 * answers.
 */
export async function announcePending(
  db: Database,
  rest: DiscordRest,
  channels: readonly AnnounceChannel[],
  now: Date,
  options: AnnounceOptions = {},
): Promise<AnnounceReport> {
  const outcomes = await Promise.all(
    channels.map(
      async (channel) =>
        [channel.channelId, await announceInChannel(db, rest, channel, now, options)] as const,
    ),
  );
  return {
    posted: outcomes.reduce((sum, [, o]) => sum + o.posted, 0),
    channels: Object.fromEntries(outcomes.map(([id, o]) => [id, o.pass])),
  };
}

function logFailure(
  channel: string,
  pending: PendingAnnouncement,
  status: number | null,
  reason: string,
): void {
  console.error(
    JSON.stringify({
      level: 'warn',
      msg: 'announcement not posted',
      channel,
      kind: pending.kind,
      subject: pending.subjectId,
      status,
      reason,
    }),
  );
}
