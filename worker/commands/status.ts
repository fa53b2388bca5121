import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { formatCount, formatInstant } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import type { CommandServices } from '../services.ts';

const COLOUR = 0x5865f2;

export interface StatusData {
  readonly rounds: number;
  readonly orphanRounds: number;
  readonly players: number;
  readonly bots: number;
  readonly sessions: number;
  readonly files: number;
  readonly quarantined: number;
  /** The round that ended last, and when its file arrived. */
  readonly lastRound: {
    readonly map: string;
    readonly round: number;
    readonly endedAt: string;
    readonly receivedAt: string;
  } | null;
  /** The newest file received, readable or not. */
  readonly lastReceivedAt: string | null;
  /** One `select 1` round trip, by the clock passed in. */
  readonly latencyMs: number;
}

/** `/status`: is the bot fed? Rounds and players stored, the last round received, quarantine, database latency. */
export const status: Command<CommandServices> = {
  definition: {
    name: 'status',
    description: 'What the bot holds: rounds, players, the last round received, database latency',
  },
  access: 'public',
  async run(ctx) {
    return reply(statusMessage(await statusData(ctx.services.db, () => ctx.now().getTime())));
  },
};

export async function statusData(db: Database, clock: () => number): Promise<StatusData> {
  const started = clock();
  await db.execute(sql`select 1`);
  const latencyMs = Math.max(0, clock() - started);
  const [counts] = await rowsOf<{
    rounds: number;
    orphans: number;
    players: number;
    bots: number;
    sessions: number;
    files: number;
    quarantined: number;
    last_received_at: string | null;
  }>(
    db,
    sql`
    select (select count(*) from rounds)::int as rounds, (select count(*) from rounds where orphan)::int as orphans,
      (select count(*) from players where not bot)::int as players, (select count(*) from players where bot)::int as bots,
      (select count(*) from gaming_sessions)::int as sessions, (select count(*) from stats_files)::int as files,
      (select count(*) from stats_files where status = 'quarantined')::int as quarantined,
      (select ${isoTime('max(received_at)')} from stats_files) as last_received_at`,
  );
  const [last] = await rowsOf<{
    map: string;
    round: number;
    ended_at: string;
    received_at: string;
  }>(
    db,
    sql`
    select r.map, r.round, ${isoTime('r.ended_at')} as ended_at, ${isoTime('f.received_at')} as received_at
    from rounds r join stats_files f on f.id = r.file_id order by r.ended_at desc, r.id desc limit 1`,
  );
  const c = counts ?? {
    rounds: 0,
    orphans: 0,
    players: 0,
    bots: 0,
    sessions: 0,
    files: 0,
    quarantined: 0,
    last_received_at: null,
  };
  return {
    rounds: c.rounds,
    orphanRounds: c.orphans,
    players: c.players,
    bots: c.bots,
    sessions: c.sessions,
    files: c.files,
    quarantined: c.quarantined,
    lastRound: last
      ? { map: last.map, round: last.round, endedAt: last.ended_at, receivedAt: last.received_at }
      : null,
    lastReceivedAt: c.last_received_at,
    latencyMs,
  };
}

export function statusMessage(s: StatusData): ImmediateMessage {
  const last = s.lastRound
    ? `${escapeMarkdown(s.lastRound.map)} R${s.lastRound.round}, ended ${formatInstant(s.lastRound.endedAt)}\nreceived ${formatInstant(s.lastRound.receivedAt)}`
    : 'none yet';
  return {
    embeds: [
      {
        title: 'etstats status',
        color: COLOUR,
        fields: [
          {
            name: 'Rounds',
            value: `${formatCount(s.rounds)}${s.orphanRounds > 0 ? ` (${formatCount(s.orphanRounds)} R2 waiting for their R1)` : ''}`,
            inline: true,
          },
          {
            name: 'Players',
            value: `${formatCount(s.players)}${s.bots > 0 ? ` + ${formatCount(s.bots)} bots` : ''}`,
            inline: true,
          },
          { name: 'Sessions', value: formatCount(s.sessions), inline: true },
          { name: 'Last round', value: last },
          {
            name: 'Files received',
            value: `${formatCount(s.files)}${s.lastReceivedAt ? `, the last ${formatInstant(s.lastReceivedAt)}` : ''}`,
            inline: true,
          },
          {
            name: 'Quarantined',
            value:
              s.quarantined === 0 ? 'none' : `${formatCount(s.quarantined)} unreadable files kept`,
            inline: true,
          },
          { name: 'Database', value: `${formatCount(s.latencyMs)} ms round trip`, inline: true },
        ],
      },
    ],
  };
}
