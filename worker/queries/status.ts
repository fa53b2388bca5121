import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import { READER_VERSION } from '../../stats/read.ts';
import { isoTime, rowsOf } from '../db/rows.ts';
import type { FileStatus } from '../../schema/ingest.ts';
import { ofCommunity, playedIn } from './communities.ts';

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

export async function statusData(
  db: Database,
  communityId: number,
  clock: () => number,
): Promise<StatusData> {
  const mine = ofCommunity(communityId);
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
    with own as (select p.guid, p.bot from players p where ${playedIn(communityId, sql`p.guid`)})
    select (select count(*) from rounds r where ${mine})::int as rounds,
      (select count(*) from rounds r where orphan and ${mine})::int as orphans,
      (select count(*) from own where not bot)::int as players, (select count(*) from own where bot)::int as bots,
      (select count(*) from gaming_sessions r where ${mine})::int as sessions,
      (select count(*) from stats_files r where ${mine})::int as files,
      (select count(*) from stats_files r where status = 'quarantined' and ${mine})::int as quarantined,
      (select ${isoTime('max(received_at)')} from stats_files r where ${mine}) as last_received_at`,
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
    from rounds r join stats_files f on f.id = r.file_id where ${mine}
    order by r.ended_at desc, r.id desc limit 1`,
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

export interface ServerIngest {
  readonly name: string;
  readonly files: number;
  readonly lastFile: string | null;
  readonly lastReceivedAt: string | null;
  /** What became of the last file: read as a round, quarantined, a conflicting or a duplicate copy. */
  readonly lastStatus: FileStatus | null;
  /**
   * How long after its round ended the last file arrived, in seconds; null when the last file is not a
   * stored round (unreadable, a conflicting copy): it has no round end, so it cannot be late.
   */
  readonly lagSeconds: number | null;
}

export interface AdminStatus {
  readonly servers: readonly ServerIngest[];
  readonly quarantined: number;
  readonly databaseMs: number;
  readonly recomputes: readonly { readonly scope: string; readonly finishedAt: string }[];
  readonly merges: number;
  readonly deniedLastDay: number;
  /** Copies of a stored file name with other content, kept and not read. */
  readonly conflicts: number;
  /** Rounds derived by an older reader than this one (corrected by a rebuild). */
  readonly olderReaderRounds: number;
}

/** What an admin checks first: is each server feeding files, how late, what is stuck, is the database quick. */
export async function adminStatus(
  db: Queryable,
  communityId: number,
  clock: () => number,
  now: Date,
): Promise<AdminStatus> {
  const mine = ofCommunity(communityId);
  const started = clock();
  await db.execute(sql`select 1`);
  const databaseMs = Math.max(0, clock() - started);
  const servers = await rowsOf<{
    name: string;
    files: number;
    file_name: string | null;
    status: FileStatus | null;
    received_at: string | null;
    lag_s: number | null;
  }>(
    db,
    sql`
    select g.name, (select count(*) from stats_files f where f.server_id = g.id)::int as files,
      last.file_name, last.status, ${isoTime('last.received_at')} as received_at,
      round(extract(epoch from (last.received_at - r.ended_at)))::int as lag_s
    from game_servers g
    left join lateral (select f.id, f.file_name, f.status, f.received_at from stats_files f where f.server_id = g.id
      order by f.received_at desc, f.id desc limit 1) last on true
    left join rounds r on r.file_id = last.id
    where g.community_id = ${communityId}
    order by g.name`,
  );
  const [counts] = await rowsOf<{
    quarantined: number;
    merges: number;
    denied: number;
    conflicts: number;
    older: number;
  }>(
    db,
    sql`
    select (select count(*) from stats_files r where status = 'quarantined' and ${mine})::int as quarantined,
      (select count(*) from stats_files r where status = 'conflict' and ${mine})::int as conflicts,
      (select count(*) from rounds r where reader_version < ${READER_VERSION} and ${mine})::int as older,
      (select count(*) from player_merges where community_id = ${communityId})::int as merges,
      (select count(*) from audit_log where community_id = ${communityId} and outcome = 'denied' and at > ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz)::int as denied`,
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
      lastStatus: s.status,
      lagSeconds: s.lag_s,
    })),
    quarantined: counts?.quarantined ?? 0,
    databaseMs,
    recomputes: recomputes.map((r) => ({ scope: r.scope, finishedAt: r.finished_at })),
    merges: counts?.merges ?? 0,
    deniedLastDay: counts?.denied ?? 0,
    conflicts: counts?.conflicts ?? 0,
    olderReaderRounds: counts?.older ?? 0,
  };
}
