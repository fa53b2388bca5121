import { type SQL, sql } from 'drizzle-orm';
import { bytesFrom } from '../../schema/columns.ts';
import { type WallClockInstants, wallClockInstants } from '../../stats/clock.ts';
import { PAIRING_WINDOW_MS } from '../../stats/pair-rounds.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/** What re-deriving a map's plays needs to know of each stored round. */
export interface ChainRound {
  readonly id: number;
  readonly fileId: number;
  readonly serverId: number;
  readonly map: string;
  readonly round: 1 | 2;
  /** When it is stored as ended: one of `instants`, once re-derived. */
  readonly endedAt: Date;
  /** The instants its file time can stand for in its server's zone (two in the hour a clock is set back). */
  readonly instants: WallClockInstants;
  readonly startedAt: Date;
  readonly timeLimitS: number;
  readonly nextTimeLimitS: number;
  readonly sha256: string;
  readonly matchId: number | null;
  /** The round it is stored as paired with (R1 ↔ R2), or null. */
  readonly storedPartner: number | null;
  /** Its file, when asked for (an import re-derives with it, saving a round trip). */
  readonly file?: { readonly name: string; readonly bytes: Uint8Array };
}

/** Where a chain is looked for first: as far as four pairing windows either side of a round. */
export const CHAIN_REACH_MS = 4 * PAIRING_WINDOW_MS;

/** The most a clock is ever set back at once (Antarctica/Troll: two hours; elsewhere one or less). */
const MAX_SETBACK_MS = 2 * 3_600_000;

/**
 * How far a round's end may move when it is re-derived: in the hour a clock is set back it is stored at
 * either of its instants, so pairing can reach as far as the clock went back further on either side.
 */
const slackOf = (r: ChainRound) => r.instants.later - r.instants.earlier;

export type ChainWhere =
  | { readonly serverId: number; readonly map: string; readonly from: number; readonly to: number }
  | { readonly serverId: number }
  | 'all';

/** What `chainJson` reads of a round `r` (a rounds row or alias) and its file `f` (stats_files), before its match's columns. */
export const chainColumns = (r: string) =>
  sql.raw(
    `${r}.id, ${r}.file_id, ${r}.server_id, ${r}.map, ${r}.round, ${r}.ended_at, ${r}.started_at, ${r}.time_limit_s, ${r}.next_time_limit_s, f.sha256, ${r}.match_id,
    ${r}.local_time, (select g.time_zone from game_servers g where g.id = ${r}.server_id) as time_zone`,
  );

/**
 * The rounds of one server and map between two instants (or every round, for a rebuild) as one JSON
 * array, oldest first; `extra` (a query with the same columns: `chainColumns`, the match's round ids, the
 * file's name and bytes) adds rounds the statement itself wrote.
 * An import asks for it in the statement that stores its file (one round trip fewer).
 */
export function chainJson(where: ChainWhere, withFiles: boolean, extra?: SQL): SQL {
  const filter =
    where === 'all'
      ? sql`true`
      : !('map' in where)
        ? sql`r.server_id = ${where.serverId}`
        : sql`r.server_id = ${where.serverId} and r.map = ${where.map}
        and r.ended_at between ${new Date(where.from).toISOString()}::timestamptz and ${new Date(where.to).toISOString()}::timestamptz`;
  const files = withFiles
    ? sql`f.file_name, f.bytes`
    : sql`null::text as file_name, null::bytea as bytes`;
  return sql`(select coalesce(json_agg(c order by c.server_id, c.map, c.ended_at, c.id), '[]'::json) from (
      select ${chainColumns('r')}, m.round1_id, m.round2_id, ${files}
      from rounds r join stats_files f on f.id = r.file_id left join matches m on m.id = r.match_id where ${filter}
      ${extra ? sql`union all ${extra}` : sql``}) c)`;
}

interface ChainRow {
  id: number;
  file_id: number;
  server_id: number;
  map: string;
  round: 1 | 2;
  ended_at: string;
  started_at: string;
  time_limit_s: number;
  next_time_limit_s: number;
  sha256: string;
  match_id: number | null;
  local_time: string;
  time_zone: string;
  round1_id: number | null;
  round2_id: number | null;
  file_name: string | null;
  bytes: string | null;
}

/** `chainJson`'s value as chain rounds. */
export function chainFromJson(value: unknown): ChainRound[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as ChainRow[];
  return rows.map((r) => ({
    id: r.id,
    fileId: Number(r.file_id),
    serverId: r.server_id,
    map: r.map,
    round: r.round,
    endedAt: new Date(r.ended_at),
    instants: wallClockInstants(r.local_time, r.time_zone),
    startedAt: new Date(r.started_at),
    timeLimitS: r.time_limit_s,
    nextTimeLimitS: r.next_time_limit_s,
    sha256: r.sha256,
    matchId: r.match_id,
    storedPartner: (r.round === 1 ? r.round2_id : r.round1_id) ?? null,
    ...(r.file_name !== null && r.bytes !== null
      ? { file: { name: r.file_name, bytes: bytesFrom(r.bytes) } }
      : {}),
  }));
}

/** Rounds of one server and map between two instants, oldest first (or every round, for a rebuild). */
export async function chainRounds(
  tx: Queryable,
  where: ChainWhere,
  withFiles = false,
): Promise<ChainRound[]> {
  const [row] = await rowsOf<{ chain: unknown }>(
    tx,
    sql`select ${chainJson(where, withFiles)} as chain`,
  );
  return chainFromJson(row?.chain ?? []);
}

/**
 * Splits rounds of one server and map into chains no pairing can cross, each oldest first. A round can
 * end anywhere within its slack of where it is stored (`slackOf`), and rounds pair within the window.
 */
function chainsOfMap(rounds: readonly ChainRound[]): ChainRound[][] {
  const byStart = [...rounds].sort(
    (a, b) => a.endedAt.getTime() - slackOf(a) - (b.endedAt.getTime() - slackOf(b)) || a.id - b.id,
  );
  const chains: ChainRound[][] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const round of byStart) {
    const at = round.endedAt.getTime();
    if (chains.length === 0 || at - slackOf(round) - reach > PAIRING_WINDOW_MS) chains.push([]);
    (chains.at(-1) as ChainRound[]).push(round);
    reach = Math.max(reach, at + slackOf(round));
  }
  return chains.map((chain) =>
    chain.sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime() || a.id - b.id),
  );
}

/**
 * The rounds of one server and map that pairing can link to the instant `at`: the chain of rounds
 * with no gap longer than the pairing window around it. Rounds outside it cannot change its pairs.
 * `nearby`: the rounds within CHAIN_REACH_MS of `at`, when the caller has them already.
 */
export async function mapPlaysAround(
  tx: Queryable,
  serverId: number,
  map: string,
  at: number,
  options: { withFiles?: boolean; nearby?: ChainRound[] } = {},
): Promise<ChainRound[]> {
  let from = at - CHAIN_REACH_MS;
  let to = at + CHAIN_REACH_MS;
  let found =
    options.nearby ?? (await chainRounds(tx, { serverId, map, from, to }, options.withFiles));
  for (;;) {
    const chains = chainsOfMap(found);
    const chain =
      chains.find((c) => c.some((r) => r.endedAt.getTime() >= at)) ?? chains.at(-1) ?? [];
    // A round not fetched yet could join the chain only from within a window and a setback of it.
    const first = Math.min(at, ...chain.map((r) => r.endedAt.getTime() - slackOf(r)));
    const last = Math.max(at, ...chain.map((r) => r.endedAt.getTime() + slackOf(r)));
    const margin = PAIRING_WINDOW_MS + MAX_SETBACK_MS;
    if (first - margin > from && last + margin < to) return chain;
    from -= 8 * PAIRING_WINDOW_MS;
    to += 8 * PAIRING_WINDOW_MS;
    found = await chainRounds(tx, { serverId, map, from, to }, options.withFiles);
  }
}

/** Splits rounds (sorted by server, map, time) into chains no pairing can cross. */
export function splitChains(all: readonly ChainRound[]): ChainRound[][] {
  const chains: ChainRound[][] = [];
  let map: ChainRound[] = [];
  for (const round of all) {
    const last = map.at(-1);
    if (last && (last.serverId !== round.serverId || last.map !== round.map)) {
      chains.push(...chainsOfMap(map));
      map = [];
    }
    map.push(round);
  }
  if (map.length > 0) chains.push(...chainsOfMap(map));
  return chains;
}
