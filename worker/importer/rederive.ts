import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { deriveRoundTwo, roundOneAlone } from '../../stats/derive-round-two.ts';
import type { PlayerRound } from '../../stats/figures.ts';
import { attackersWon, mapScore, roundDuration } from '../../stats/outcome.ts';
import { PAIRING_WINDOW_MS, pairRounds } from '../../stats/pair-rounds.ts';
import { readStatsFile } from '../../stats/read.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { matches, playerRounds, playerWeaponRounds, rounds, statsFiles } from '../../schema/index.ts';
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

function playerRows(roundId: number, figures: readonly PlayerRound[]) {
  return figures.map((p) => ({
    roundId, guid: p.guid, nameRaw: p.nameRaw, name: p.name, team: p.team, bot: p.bot, engineRounds: p.engineRounds,
    joinedInR2: p.joinedInR2, reconnected: p.reconnected, leftEarly: p.leftEarly,
    kills: p.totals.kills, deaths: p.totals.deaths, hits: p.totals.hits, shots: p.totals.shots, headshotHits: p.totals.headshot_hits,
    ...Object.fromEntries(Object.entries(p.totals).filter(([k]) => !(k in WEAPON_TOTAL_COLUMNS))),
  }));
}
const WEAPON_TOTAL_COLUMNS = { kills: 1, deaths: 1, hits: 1, shots: 1, headshot_hits: 1 };

function weaponRows(roundId: number, figures: readonly PlayerRound[]) {
  return figures.flatMap((p) => p.weapons.map((w) => ({ roundId, guid: p.guid, ...w })));
}

const longestPlayerSeconds = (figures: readonly PlayerRound[]) => Math.max(0, ...figures.map((p) => p.totals.time_played_min * 60));

/**
 * Re-derives every round of a chain of one map's plays from the stored raw files: pairs, round-2
 * figures, durations, outcomes and matches. The rows it writes depend only on the files, so doing it
 * again, or after the files arrived in another order, gives the same database.
 */
export async function rederiveMapPlays(tx: Queryable, serverId: number, map: string, chain: readonly RoundRow[]) {
  if (chain.length === 0) return;
  const parsed = await readRounds(tx, chain.map((r) => r.fileId));
  const pairs = pairRounds(
    chain.map((r) => ({ id: r.id, round: r.round, endedAt: r.endedAt.getTime(), timeLimitS: r.timeLimitS, nextTimeLimitS: r.nextTimeLimitS, tieBreak: r.sha256 })),
  );
  const partnerOf = new Map<number, number>();
  for (const [r2, r1] of pairs) partnerOf.set(r1, r2).set(r2, r1);
  const byId = new Map(chain.map((r) => [r.id, r]));
  const ids = chain.map((r) => r.id);

  await tx.delete(playerWeaponRounds).where(inArray(playerWeaponRounds.roundId, ids));
  await tx.delete(playerRounds).where(inArray(playerRounds.roundId, ids));
  await tx.update(matches).set({ round2Id: null }).where(inArray(matches.round1Id, ids));

  const figuresOf = new Map<number, PlayerRound[] | null>();
  for (const r of chain) {
    const file = parsed.get(r.fileId) as ParsedRound;
    const partner = partnerOf.get(r.id);
    const other = partner === undefined ? undefined : (parsed.get((byId.get(partner) as RoundRow).fileId) as ParsedRound);
    if (r.round === 1) figuresOf.set(r.id, other ? deriveRoundTwo(file, other).round1 : roundOneAlone(file));
    else figuresOf.set(r.id, other ? deriveRoundTwo(other, file).round2 : null);
  }

  const outcome = new Map<number, { durationS: number; won: boolean }>();
  for (const r of chain) {
    const { header } = parsed.get(r.fileId) as ParsedRound;
    const figures = figuresOf.get(r.id);
    const duration = roundDuration(header, figures ? longestPlayerSeconds(figures) : 0);
    const won = attackersWon(header, duration.seconds);
    outcome.set(r.id, { durationS: duration.seconds, won });
    await tx
      .update(rounds)
      .set({
        durationS: duration.seconds, durationSource: duration.source, attackersWon: won,
        startedAt: new Date(r.endedAt.getTime() - duration.seconds * 1000),
        orphan: r.round === 2 && figures === null,
      })
      .where(eq(rounds.id, r.id));
    if (figures && figures.length > 0) {
      await tx.insert(playerRounds).values(playerRows(r.id, figures));
      const weapons = weaponRows(r.id, figures);
      if (weapons.length > 0) await tx.insert(playerWeaponRounds).values(weapons);
    }
  }

  for (const r1 of chain.filter((r) => r.round === 1)) {
    const r2Id = partnerOf.get(r1.id) ?? null;
    const { header } = parsed.get(r1.fileId) as ParsedRound;
    const one = outcome.get(r1.id) as { durationS: number; won: boolean };
    const two = r2Id === null ? null : outcome.get(r2Id);
    const score = two ? mapScore(one.won, two.won) : null;
    const values = {
      serverId, map, round1Id: r1.id, round2Id: r2Id,
      startedAt: new Date(r1.endedAt.getTime() - one.durationS * 1000),
      endedAt: r2Id === null ? r1.endedAt : (byId.get(r2Id) as RoundRow).endedAt,
      firstAttackersSide: (header.defender === 1 ? 2 : 1) as 1 | 2,
      firstAttackersPoints: score?.first_attackers ?? null,
      firstDefendersPoints: score?.first_defenders ?? null,
    };
    const [match] = await tx
      .insert(matches)
      .values(values)
      .onConflictDoUpdate({ target: matches.round1Id, set: values })
      .returning({ id: matches.id });
    const matchId = (match as { id: number }).id;
    await tx.update(rounds).set({ matchId }).where(r2Id === null ? eq(rounds.id, r1.id) : inArray(rounds.id, [r1.id, r2Id]));
  }
  const orphans = chain.filter((r) => r.round === 2 && !pairs.has(r.id)).map((r) => r.id);
  if (orphans.length > 0) await tx.update(rounds).set({ matchId: null }).where(inArray(rounds.id, orphans));
}
