import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { deriveRoundTwo, roundOneAlone } from '../../stats/derive-round-two.ts';
import type { PlayerRound } from '../../stats/figures.ts';
import { attackersWon, mapScore, roundDuration } from '../../stats/outcome.ts';
import { PAIRING_WINDOW_MS, pairRounds } from '../../stats/pair-rounds.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { matches, rounds, statsFiles } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';

type RoundRow = { id: number; fileId: number; round: 1 | 2; endedAt: Date; timeLimitS: number; nextTimeLimitS: number; sha256: string };

async function roundsBetween(tx: Queryable, serverId: number, map: string, from: number, to: number): Promise<RoundRow[]> {
  return tx
    .select({
      id: rounds.id, fileId: rounds.fileId, round: rounds.round, endedAt: rounds.endedAt,
      timeLimitS: rounds.timeLimitS, nextTimeLimitS: rounds.nextTimeLimitS, sha256: statsFiles.sha256,
    })
    .from(rounds)
    .innerJoin(statsFiles, eq(statsFiles.id, rounds.fileId))
    .where(and(eq(rounds.serverId, serverId), eq(rounds.map, map), gte(rounds.endedAt, new Date(from)), lte(rounds.endedAt, new Date(to))))
    .orderBy(asc(rounds.endedAt));
}

/**
 * The rounds of one server and map that pairing can link to the instant `at`: the chain of rounds
 * with no gap longer than the pairing window around it. Rounds outside it cannot change its pairs.
 */
export async function mapPlaysAround(tx: Queryable, serverId: number, map: string, at: number): Promise<RoundRow[]> {
  let from = at - 4 * PAIRING_WINDOW_MS;
  let to = at + 4 * PAIRING_WINDOW_MS;
  for (;;) {
    const found = await roundsBetween(tx, serverId, map, from, to);
    let lo = found.findIndex((r) => r.endedAt.getTime() >= at);
    if (lo < 0) lo = found.length - 1;
    let hi = lo;
    while (lo > 0 && (found[lo] as RoundRow).endedAt.getTime() - (found[lo - 1] as RoundRow).endedAt.getTime() <= PAIRING_WINDOW_MS) lo--;
    while (hi < found.length - 1 && (found[hi + 1] as RoundRow).endedAt.getTime() - (found[hi] as RoundRow).endedAt.getTime() <= PAIRING_WINDOW_MS) hi++;
    const chain = found.slice(lo, hi + 1);
    const first = chain[0]?.endedAt.getTime() ?? at;
    const last = chain.at(-1)?.endedAt.getTime() ?? at;
    if (first - PAIRING_WINDOW_MS > from && last + PAIRING_WINDOW_MS < to) return chain;
    from -= 8 * PAIRING_WINDOW_MS;
    to += 8 * PAIRING_WINDOW_MS;
  }
}

async function readRounds(tx: Queryable, fileIds: number[]): Promise<Map<number, ParsedRound>> {
  const files = await tx
    .select({ id: statsFiles.id, fileName: statsFiles.fileName, bytes: statsFiles.bytes })
    .from(statsFiles)
    .where(inArray(statsFiles.id, fileIds));
  const parsed = new Map<number, ParsedRound>();
  for (const f of files) {
    const result = readStatsFile(f.fileName, f.bytes);
    if (!result.ok) throw new Error(`stored file ${f.id} (${f.fileName}) no longer reads: line ${result.line}: ${result.reason}`);
    parsed.set(f.id, result.round);
  }
  return parsed;
}

/** player_rounds rows under their column names (totals' keys are the column names already). */
function playerRecords(roundId: number, figures: readonly PlayerRound[]) {
  return figures.map((p) => ({
    ...p.totals,
    round_id: roundId, guid: p.guid, name_raw: p.nameRaw, name: p.name, team: p.team, bot: p.bot, engine_rounds: p.engineRounds,
    joined_in_r2: p.joinedInR2, reconnected: p.reconnected, left_early: p.leftEarly,
  }));
}

function weaponRecords(roundId: number, figures: readonly PlayerRound[]) {
  return figures.flatMap((p) => p.weapons.map((w) => ({ round_id: roundId, guid: p.guid, ...w })));
}

const longestPlayerSeconds = (figures: readonly PlayerRound[]) => Math.max(0, ...figures.map((p) => p.totals.time_played_min * 60));

/** Derives each round's per-round figures from its own file and its partner's. */
function figuresOfChain(chain: readonly RoundRow[], parsed: Map<number, ParsedRound>, partnerOf: Map<number, number>) {
  const byId = new Map(chain.map((r) => [r.id, r]));
  const figuresOf = new Map<number, PlayerRound[] | null>();
  for (const r of chain) {
    const file = parsed.get(r.fileId) as ParsedRound;
    const partner = partnerOf.get(r.id);
    const other = partner === undefined ? undefined : (parsed.get((byId.get(partner) as RoundRow).fileId) as ParsedRound);
    if (r.round === 1) figuresOf.set(r.id, other ? deriveRoundTwo(file, other).round1 : roundOneAlone(file));
    else figuresOf.set(r.id, other ? deriveRoundTwo(other, file).round2 : null);
  }
  return figuresOf;
}

export interface RederivedRound {
  readonly id: number;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly matchId: number | null;
}

/**
 * Re-derives every round of a chain of one map's plays from the stored raw files: pairs, round-2
 * figures, durations, outcomes and matches. The rows it writes depend only on the files, so doing it
 * again, or after the files arrived in another order, gives the same database. `known` holds files the
 * caller has already read (the one being imported), to skip reading their bytes back.
 */
export async function rederiveMapPlays(
  tx: Queryable,
  serverId: number,
  map: string,
  chain: readonly RoundRow[],
  known: ReadonlyMap<number, ParsedRound> = new Map(),
): Promise<RederivedRound[]> {
  if (chain.length === 0) return [];
  const missing = chain.map((r) => r.fileId).filter((id) => !known.has(id));
  const parsed = new Map([...known, ...(missing.length > 0 ? await readRounds(tx, missing) : [])]);
  const pairs = pairRounds(
    chain.map((r) => ({ id: r.id, round: r.round, endedAt: r.endedAt.getTime(), timeLimitS: r.timeLimitS, nextTimeLimitS: r.nextTimeLimitS, tieBreak: r.sha256 })),
  );
  const partnerOf = new Map<number, number>();
  for (const [r2, r1] of pairs) partnerOf.set(r1, r2).set(r2, r1);
  const byId = new Map(chain.map((r) => [r.id, r]));
  const ids = chain.map((r) => r.id);
  const figuresOf = figuresOfChain(chain, parsed, partnerOf);

  const outcome = new Map<number, { durationS: number; source: string; won: boolean }>();
  for (const r of chain) {
    const { header } = parsed.get(r.fileId) as ParsedRound;
    const figures = figuresOf.get(r.id);
    const duration = roundDuration(header, figures ? longestPlayerSeconds(figures) : 0);
    outcome.set(r.id, { durationS: duration.seconds, source: duration.source, won: attackersWon(header, duration.seconds) });
  }

  // One statement clears what the chain had: figures, and R2 links of its matches (pairs may move).
  await tx.execute(sql`with w as (delete from player_weapon_rounds where round_id in ${ids}),
    m as (update matches set round2_id = null where round1_id in ${ids} and round2_id is not null)
    delete from player_rounds where round_id in ${ids}`);

  const matchValues = chain.filter((r) => r.round === 1).map((r1) => {
    const r2Id = partnerOf.get(r1.id) ?? null;
    const one = outcome.get(r1.id) as { durationS: number; won: boolean };
    const two = r2Id === null ? undefined : outcome.get(r2Id);
    const score = two ? mapScore(one.won, two.won) : null;
    return {
      serverId, map, round1Id: r1.id, round2Id: r2Id,
      startedAt: new Date(r1.endedAt.getTime() - one.durationS * 1000),
      endedAt: r2Id === null ? r1.endedAt : (byId.get(r2Id) as RoundRow).endedAt,
      firstAttackersSide: ((parsed.get(r1.fileId) as ParsedRound).header.defender === 1 ? 2 : 1) as 1 | 2,
      firstAttackersPoints: score?.first_attackers ?? null,
      firstDefendersPoints: score?.first_defenders ?? null,
    };
  });
  const matchOf = new Map<number, number>();
  if (matchValues.length > 0) {
    const stored = await tx
      .insert(matches)
      .values(matchValues)
      .onConflictDoUpdate({
        target: matches.round1Id,
        set: Object.fromEntries(['round2_id', 'started_at', 'ended_at', 'first_attackers_side', 'first_attackers_points', 'first_defenders_points']
          .map((c) => [camel(c), sql.raw(`excluded.${c}`)])),
      })
      .returning({ id: matches.id, round1Id: matches.round1Id, round2Id: matches.round2Id });
    for (const m of stored) {
      matchOf.set(m.round1Id, m.id);
      if (m.round2Id !== null) matchOf.set(m.round2Id, m.id);
    }
  }

  const derived = chain.map((r) => {
    const o = outcome.get(r.id) as { durationS: number; source: string; won: boolean };
    return { id: r.id, startedAt: new Date(r.endedAt.getTime() - o.durationS * 1000), endedAt: r.endedAt, matchId: matchOf.get(r.id) ?? null, ...o };
  });
  const values = sql.join(derived.map((d) => sql`(${d.id}::int, ${d.durationS}::int, ${d.source}, ${d.won}::boolean, ${d.startedAt.toISOString()}::timestamptz, ${d.matchId}::int, ${figuresOf.get(d.id) === null}::boolean)`), sql`, `);
  const people = chain.flatMap((r) => playerRecords(r.id, figuresOf.get(r.id) ?? []));
  const weapons = chain.flatMap((r) => weaponRecords(r.id, figuresOf.get(r.id) ?? []));
  // One round trip: the rounds' settled outcome, their players' figures and weapons. Wide rows travel as one
  // JSON document each that Postgres expands itself: thousands of bind parameters cost the client far more.
  await tx.execute(sql`with r as (
      update rounds set duration_s = v.duration_s, duration_source = v.source, attackers_won = v.won,
        started_at = v.started_at, match_id = v.match_id, orphan = v.orphan
      from (values ${values}) as v(id, duration_s, source, won, started_at, match_id, orphan) where rounds.id = v.id),
    p as (insert into player_rounds select * from json_populate_recordset(null::player_rounds, ${JSON.stringify(people)}::json))
    insert into player_weapon_rounds select * from json_populate_recordset(null::player_weapon_rounds, ${JSON.stringify(weapons)}::json)`);
  return derived.map(({ id, startedAt, endedAt, matchId }) => ({ id, startedAt, endedAt, matchId }));
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
