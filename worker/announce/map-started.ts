/**
 * "Map started" posts: when a game server's snapshot shows a new map, the announce channels of its
 * community get one post, if the community turned them on (`/admin server announce-maps on`). Each post
 * is claimed before it is made and settled after (announced.ts), with a nonce, so the snapshot that saw
 * the map and the minute cron never both post it; a failed post is retried by the cron while fresh.
 */
import { sql } from 'drizzle-orm';
import { stripColours } from '../../stats/decode.ts';
import type { Database } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { clipText, LIMITS } from '../discord/limits.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { DiscordMessage } from '../discord/message.ts';
import type { DiscordRest } from '../discord/rest.ts';
import { CLAIM_STALE_MS, announceChannels } from './announce-round.ts';
import { claim, release, settle } from './announced.ts';
import { postNonce } from './post-nonce.ts';

/** A map start is posted this long after it at the latest: later, the map may be over already. */
export const MAP_START_FRESH_MS = 10 * 60_000;
const COLOUR = 0x57f287;

export interface MapStart {
  readonly id: number;
  readonly server: string;
  readonly hostname: string;
  readonly map: string;
  readonly previousMap: string;
  readonly startedAt: Date;
}

export function mapStartedMessage(start: MapStart): DiscordMessage {
  const host = stripColours(start.hostname).trim();
  return {
    embeds: [
      {
        title: clipText(`Map started: ${start.map}`, LIMITS.title),
        description: clipText(
          `On **${escapeMarkdown(start.server)}**${host ? ` (${escapeMarkdown(host)})` : ''}, after ${escapeMarkdown(start.previousMap)}. \`/server\` shows who is on.`,
          LIMITS.description,
        ),
        color: COLOUR,
        timestamp: start.startedAt.toISOString(),
      },
    ],
  };
}

/** The community's fresh map starts this channel has not had, oldest first. */
async function unposted(
  db: Database,
  communityId: number,
  channelId: string,
  now: Date,
): Promise<MapStart[]> {
  const fresh = new Date(now.getTime() - MAP_START_FRESH_MS).toISOString();
  const rows = await rowsOf<{
    id: number;
    server: string;
    hostname: string;
    map: string;
    previous_map: string;
    started_at: string;
  }>(
    db,
    sql`select m.id::float8 as id, g.name as server, m.hostname, m.map, m.previous_map,
        to_json(m.started_at)#>>'{}' as started_at
      from live_map_starts m
      join communities c on c.id = m.community_id
      join game_servers g on g.id = m.server_id
      where m.community_id = ${communityId} and c.announce_maps_since is not null
        and m.started_at >= c.announce_maps_since and m.started_at >= ${fresh}::timestamptz
        and not exists (select 1 from announcements a where a.channel_id = ${channelId}
          and a.kind = 'map_started' and a.subject_id = m.id and a.settled_at is not null)
      order by m.started_at, m.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    server: r.server,
    hostname: r.hostname,
    map: r.map,
    previousMap: r.previous_map,
    startedAt: new Date(r.started_at),
  }));
}

/**
 * Posts every fresh map start the announce channels have not had (of one community, or all). Returns
 * how many were posted. Never throws for Discord's answers.
 */
export async function announceMapStarts(
  db: Database,
  rest: DiscordRest,
  now: Date,
  communityId?: number,
): Promise<number> {
  let posted = 0;
  const staleBefore = new Date(now.getTime() - CLAIM_STALE_MS);
  for (const channel of await announceChannels(db, communityId)) {
    for (const start of await unposted(db, channel.communityId, channel.channelId, now)) {
      const subject = {
        channelId: channel.channelId,
        kind: 'map_started' as const,
        subjectId: start.id,
      };
      if (!(await claim(db, subject, now, staleBefore))) continue;
      const result = await rest.postChannelMessage(channel.channelId, mapStartedMessage(start), {
        nonce: await postNonce(channel.channelId, 'map_started', start.id),
      });
      if (result.ok) {
        await settle(db, subject, now, { messageId: result.data.id }, now);
        posted++;
      } else if (result.status === 400)
        await settle(db, subject, now, { refusal: result.reason }, now);
      else {
        await release(db, subject, now);
        break;
      }
    }
  }
  return posted;
}
