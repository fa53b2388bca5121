import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { PAIRING_WINDOW_MS } from '../../stats/pair-rounds.ts';
import { matches, rounds, statsFiles } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';

/** What re-deriving a map's plays needs to know of each stored round. */
export interface ChainRound {
  readonly id: number;
  readonly fileId: number;
  readonly serverId: number;
  readonly map: string;
  readonly round: 1 | 2;
  readonly endedAt: Date;
  readonly startedAt: Date;
  readonly timeLimitS: number;
  readonly nextTimeLimitS: number;
  readonly sha256: string;
  readonly matchId: number | null;
  /** The round it is stored as paired with (R1 ↔ R2), or null. */
  readonly storedPartner: number | null;
}

/** Rounds of one server and map between two instants, oldest first (or every round, for a rebuild). */
export async function chainRounds(tx: Queryable, where: { serverId: number; map: string; from: number; to: number } | 'all'): Promise<ChainRound[]> {
  const rows = await tx
    .select({
      id: rounds.id, fileId: rounds.fileId, serverId: rounds.serverId, map: rounds.map, round: rounds.round,
      endedAt: rounds.endedAt, startedAt: rounds.startedAt, timeLimitS: rounds.timeLimitS, nextTimeLimitS: rounds.nextTimeLimitS,
      sha256: statsFiles.sha256, matchId: rounds.matchId, round1Id: matches.round1Id, round2Id: matches.round2Id,
    })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .leftJoin(matches, eq(matches.id, rounds.matchId))
    .where(where === 'all' ? undefined : and(eq(rounds.serverId, where.serverId), eq(rounds.map, where.map), gte(rounds.endedAt, new Date(where.from)), lte(rounds.endedAt, new Date(where.to))))
    .orderBy(asc(rounds.serverId), asc(rounds.map), asc(rounds.endedAt));
  return rows.map(({ round1Id, round2Id, ...r }) => ({ ...r, storedPartner: (r.round === 1 ? round2Id : round1Id) ?? null }));
}

/**
 * The rounds of one server and map that pairing can link to the instant `at`: the chain of rounds
 * with no gap longer than the pairing window around it. Rounds outside it cannot change its pairs.
 */
export async function mapPlaysAround(tx: Queryable, serverId: number, map: string, at: number): Promise<ChainRound[]> {
  let from = at - 4 * PAIRING_WINDOW_MS;
  let to = at + 4 * PAIRING_WINDOW_MS;
  for (;;) {
    const found = await chainRounds(tx, { serverId, map, from, to });
    let lo = found.findIndex((r) => r.endedAt.getTime() >= at);
    if (lo < 0) lo = found.length - 1;
    let hi = lo;
    const gap = (i: number) => (found[i + 1] as ChainRound).endedAt.getTime() - (found[i] as ChainRound).endedAt.getTime();
    while (lo > 0 && gap(lo - 1) <= PAIRING_WINDOW_MS) lo--;
    while (hi < found.length - 1 && gap(hi) <= PAIRING_WINDOW_MS) hi++;
    const chain = found.slice(lo, hi + 1);
    const first = chain[0]?.endedAt.getTime() ?? at;
    const last = chain.at(-1)?.endedAt.getTime() ?? at;
    if (first - PAIRING_WINDOW_MS > from && last + PAIRING_WINDOW_MS < to) return chain;
    from -= 8 * PAIRING_WINDOW_MS;
    to += 8 * PAIRING_WINDOW_MS;
  }
}

/** Splits rounds (sorted by server, map, time) into chains no pairing can cross. */
export function splitChains(all: readonly ChainRound[]): ChainRound[][] {
  const chains: ChainRound[][] = [];
  let chain: ChainRound[] = [];
  for (const round of all) {
    const last = chain.at(-1);
    if (last && (last.serverId !== round.serverId || last.map !== round.map || round.endedAt.getTime() - last.endedAt.getTime() > PAIRING_WINDOW_MS)) {
      chains.push(chain);
      chain = [];
    }
    chain.push(round);
  }
  if (chain.length > 0) chains.push(chain);
  return chains;
}
