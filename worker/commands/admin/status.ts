import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { isoTime, rowsOf } from '../../db/rows.ts';
import { escapeCodeBlock, escapeMarkdown } from '../../discord/markdown.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { formatCount, formatInstant, plural } from '../kit/text-format.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';

export interface ServerIngest {
  readonly name: string;
  readonly files: number;
  readonly lastFile: string | null;
  readonly lastReceivedAt: string | null;
  /** How long after its round ended the last readable file arrived, in seconds (null: none yet). */
  readonly lagSeconds: number | null;
}

export interface AdminStatus {
  readonly servers: readonly ServerIngest[];
  readonly quarantined: number;
  readonly databaseMs: number;
  readonly recomputes: readonly { readonly scope: string; readonly finishedAt: string }[];
  readonly merges: number;
  readonly deniedLastDay: number;
}

/** What an admin checks first: is each server feeding files, how late, what is stuck, is the database quick. */
export async function adminStatus(
  db: Queryable,
  clock: () => number,
  now: Date,
): Promise<AdminStatus> {
  const started = clock();
  await db.execute(sql`select 1`);
  const databaseMs = Math.max(0, clock() - started);
  const servers = await rowsOf<{
    name: string;
    files: number;
    file_name: string | null;
    received_at: string | null;
    lag_s: number | null;
  }>(
    db,
    sql`
    select g.name, (select count(*) from stats_files f where f.server_id = g.id)::int as files,
      last.file_name, ${isoTime('last.received_at')} as received_at,
      (select round(extract(epoch from (f.received_at - r.ended_at)))::int from stats_files f join rounds r on r.file_id = f.id
        where f.server_id = g.id order by f.received_at desc, f.id desc limit 1) as lag_s
    from game_servers g
    left join lateral (select f.file_name, f.received_at from stats_files f where f.server_id = g.id
      order by f.received_at desc, f.id desc limit 1) last on true
    order by g.name`,
  );
  const [counts] = await rowsOf<{ quarantined: number; merges: number; denied: number }>(
    db,
    sql`
    select (select count(*) from stats_files where status = 'quarantined')::int as quarantined,
      (select count(*) from player_merges)::int as merges,
      (select count(*) from audit_log where outcome = 'denied' and at > ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz)::int as denied`,
  );
  const recomputes = await rowsOf<{ scope: string; finished_at: string }>(
    db,
    sql`
    select scope, ${isoTime('finished_at')} as finished_at from recompute_state order by scope`,
  );
  return {
    servers: servers.map((s) => ({
      name: s.name,
      files: s.files,
      lastFile: s.file_name,
      lastReceivedAt: s.received_at,
      lagSeconds: s.lag_s,
    })),
    quarantined: counts?.quarantined ?? 0,
    databaseMs,
    recomputes: recomputes.map((r) => ({ scope: r.scope, finishedAt: r.finished_at })),
    merges: counts?.merges ?? 0,
    deniedLastDay: counts?.denied ?? 0,
  };
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

export function adminStatusMessage(status: AdminStatus, now: Date): ImmediateMessage {
  const servers = status.servers.map((s) => {
    if (!s.lastReceivedAt || !s.lastFile) return `**${escapeMarkdown(s.name)}**: no file yet`;
    const since = duration((now.getTime() - Date.parse(s.lastReceivedAt)) / 1000);
    const lag =
      s.lagSeconds === null ? '' : `, arrived ${duration(s.lagSeconds)} after its round ended`;
    return `**${escapeMarkdown(s.name)}**: ${formatCount(s.files)} files; last \`${escapeCodeBlock(s.lastFile)}\` ${since} ago (${formatInstant(s.lastReceivedAt)})${lag}`;
  });
  const recompute =
    status.recomputes.map((r) => `${r.scope}: ${formatInstant(r.finishedAt)}`).join('\n') ||
    'never';
  return adminEmbed(
    'etstats status',
    servers.join('\n') || 'No game server is registered: /admin servers add.',
    [
      {
        name: 'Quarantine',
        value:
          status.quarantined === 0
            ? 'empty'
            : `${plural(status.quarantined, 'file')}: /admin quarantine list`,
        inline: true,
      },
      { name: 'Database', value: `${status.databaseMs} ms per query`, inline: true },
      { name: 'Last recompute', value: recompute, inline: true },
      { name: 'Merged players', value: formatCount(status.merges), inline: true },
      { name: 'Denied (24 h)', value: formatCount(status.deniedLastDay), inline: true },
    ],
  );
}

export const statusAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'status',
    description: 'Ingest per game server, quarantine, database latency, last recompute',
  },
  access: 'moderator',
  async run(ctx) {
    const now = ctx.now();
    return adminReply(
      adminStatusMessage(await adminStatus(ctx.services.db, () => ctx.now().getTime(), now), now),
    );
  },
};
