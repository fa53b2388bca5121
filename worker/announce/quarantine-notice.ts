import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { communityGuilds, guildSettings } from '../../schema/index.ts';
import type { Database, Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { escapeCodeBlock, escapeFor, escapeMarkdown } from '../discord/markdown.ts';
import type { DiscordMessage } from '../discord/message.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { ANNOUNCE_WITHIN_MS, CLAIM_STALE_MS } from './announce-round.ts';
import { claim, release, settle } from './announced.ts';
import { postNonce } from './post-nonce.ts';

/** A channel where a community's admins are told of quarantined uploads. */
export interface AdminChannel {
  readonly channelId: string;
  readonly communityId: number;
}

/**
 * Per guild bound to a community: its admin channel (`/admin channel admin:`), else its
 * announcement channel. `communityId` narrows to one community.
 */
export async function adminChannels(db: Queryable, communityId?: number): Promise<AdminChannel[]> {
  const rows = await db
    .select({
      admin: guildSettings.adminChannelId,
      announce: guildSettings.announceChannelId,
      communityId: communityGuilds.communityId,
    })
    .from(guildSettings)
    .innerJoin(communityGuilds, eq(communityGuilds.guildId, guildSettings.guildId))
    .where(
      and(
        or(isNotNull(guildSettings.adminChannelId), isNotNull(guildSettings.announceChannelId)),
        communityId === undefined ? undefined : eq(communityGuilds.communityId, communityId),
      ),
    );
  const unique = new Map(
    rows.map((r) => [(r.admin ?? r.announce) as string, r.communityId] as const),
  );
  return [...unique].map(([channelId, id]) => ({ channelId, communityId: id }));
}

/** A quarantined upload as its notice describes it. */
export interface QuarantinedUpload {
  readonly id: number;
  readonly server: string;
  readonly fileName: string;
  readonly line: number;
  readonly reason: string;
}

/** The admins' notice: what arrived, why it cannot be read, and the commands that act on it. */
export function quarantineNotice(file: QuarantinedUpload): DiscordMessage {
  const command = (verb: string) => `\`/admin quarantine ${verb} file:${file.id}\``;
  const where = file.line === 0 ? 'its name' : `line ${file.line}`;
  return {
    embeds: [
      {
        title: 'Upload kept in quarantine',
        description:
          `**${escapeMarkdown(file.server) || '(no name)'}** sent \`${escapeCodeBlock(file.fileName)}\`, ` +
          `which could not be read (${where}: ${escapeMarkdown(file.reason)}). ` +
          'It is kept, and its round counts nowhere until you act on it.',
        color: 0xd08c3c,
        fields: [
          {
            name: 'What to do',
            value: [
              `${command('show')}: the refused line`,
              `${command('retry')}: read it again (after the reader was fixed)`,
              `${command('discard')}: delete it (a test upload, a copy cut short)`,
            ].join('\n'),
          },
        ],
        footer: { text: `${escapeFor('footer', file.server)} · file ${file.id}` },
      },
    ],
  };
}

/**
 * The channel's oldest quarantined upload of the community, received at or after `since`, that it
 * has not been told of; with when another pass claimed it.
 */
async function nextQuarantined(
  db: Queryable,
  channel: AdminChannel,
  since: Date,
): Promise<(QuarantinedUpload & { claimedMs: number | null }) | null> {
  const [row] = await rowsOf<QuarantinedUpload & { claimed_ms: number | null }>(
    db,
    sql`select f.id::float8 as id, g.name as server, f.file_name as "fileName",
        coalesce(f.error_line, 0)::int as line, coalesce(f.error_reason, 'unreadable') as reason,
        (extract(epoch from a.claimed_at) * 1000)::float8 as claimed_ms
      from stats_files f join game_servers g on g.id = f.server_id
      left join announcements a on a.channel_id = ${channel.channelId}
        and a.kind = 'quarantine' and a.subject_id = f.id
      where f.status = 'quarantined' and g.community_id = ${channel.communityId}
        and f.received_at >= ${since.toISOString()}::timestamptz and a.settled_at is null
      order by f.received_at, f.id
      limit 1`,
  );
  if (!row) return null;
  const { claimed_ms, ...file } = row;
  return { ...file, id: Number(file.id), claimedMs: claimed_ms };
}

/**
 * Tells each admin channel of the quarantined uploads it has not been told of, received within the
 * announcement window, once per channel (claimed first, like round summaries, and with a nonce, so a post
 * made again after a lost answer is not a second message). A failed post is
 * given back for the next upload or the cron. Returns how many notices were posted.
 */
export async function announceQuarantined(
  db: Database,
  rest: DiscordRest,
  channels: readonly AdminChannel[],
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - ANNOUNCE_WITHIN_MS);
  const staleBefore = new Date(now.getTime() - CLAIM_STALE_MS);
  let posted = 0;
  for (const channel of channels) {
    for (;;) {
      const file = await nextQuarantined(db, channel, since);
      if (!file || (file.claimedMs !== null && file.claimedMs >= staleBefore.getTime())) break;
      const subject = {
        channelId: channel.channelId,
        kind: 'quarantine' as const,
        subjectId: file.id,
      };
      if (!(await claim(db, subject, now, staleBefore))) break;
      const result = await rest.postChannelMessage(channel.channelId, quarantineNotice(file), {
        nonce: await postNonce(channel.channelId, 'quarantine', file.id),
      });
      if (result.ok) {
        await settle(db, subject, now, { messageId: result.data.id }, now);
        posted++;
        continue;
      }
      console.error(
        JSON.stringify({
          level: 'warn',
          msg: 'quarantine notice not posted',
          channel: channel.channelId,
          file: file.id,
          status: result.status,
          reason: result.reason,
        }),
      );
      if (result.status === 400) {
        await settle(db, subject, now, { refusal: result.reason }, now);
        continue;
      }
      await release(db, subject, now);
      break;
    }
  }
  return posted;
}
