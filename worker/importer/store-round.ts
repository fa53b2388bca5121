import { sql } from 'drizzle-orm';
import { wallClockToEpochMs } from '../../stats/clock.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { playerAliases, players, rounds } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';

/**
 * Inserts the round a readable file holds. Duration, outcome, pairing and match are provisional here:
 * `rederiveMapPlays` settles them once it knows the round's partner.
 */
export async function insertRound(tx: Queryable, fileId: number, serverId: number, round: ParsedRound, zone: string) {
  const endedAt = new Date(wallClockToEpochMs(round.file.localTime, zone));
  const { header } = round;
  const [row] = await tx
    .insert(rounds)
    .values({
      fileId,
      serverId,
      map: header.map,
      round: header.round,
      localTime: round.file.localTime,
      endedAt,
      startedAt: new Date(endedAt.getTime() - header.timeLimitS * 1000),
      serverName: header.serverName,
      config: header.config,
      defender: header.defender,
      winner: header.winner,
      timeLimitS: header.timeLimitS,
      nextTimeLimitS: header.nextTimeLimitS,
      playtimeS: header.playtimeS,
      legacyHeader: header.legacyHeader,
      durationS: header.timeLimitS,
      durationSource: 'time_limit',
      attackersWon: false,
      orphan: header.round === 2,
      playerCount: round.players.length,
      botCount: round.players.filter((p) => p.bot).length,
    })
    .returning({ id: rounds.id });
  return { roundId: (row as { id: number }).id, endedAt };
}

/**
 * Records who was seen under which name. Every value is a min, max or count, so the result is the
 * same whatever order the rounds arrive in.
 */
export async function recordPlayers(tx: Queryable, round: ParsedRound, seenAt: Date) {
  if (round.players.length === 0) return;
  await tx
    .insert(players)
    .values(round.players.map((p) => ({ guid: p.guid, name: p.name, nameRaw: p.nameRaw, bot: p.bot, firstSeenAt: seenAt, lastSeenAt: seenAt })))
    .onConflictDoUpdate({
      target: players.guid,
      set: {
        // The newest name wins; two names seen at the same instant are ordered by their text.
        name: sql`case when excluded.last_seen_at > ${players.lastSeenAt} or (excluded.last_seen_at = ${players.lastSeenAt} and excluded.name_raw > ${players.nameRaw}) then excluded.name else ${players.name} end`,
        nameRaw: sql`case when excluded.last_seen_at > ${players.lastSeenAt} or (excluded.last_seen_at = ${players.lastSeenAt} and excluded.name_raw > ${players.nameRaw}) then excluded.name_raw else ${players.nameRaw} end`,
        bot: sql`${players.bot} or excluded.bot`,
        firstSeenAt: sql`least(${players.firstSeenAt}, excluded.first_seen_at)`,
        lastSeenAt: sql`greatest(${players.lastSeenAt}, excluded.last_seen_at)`,
      },
    });
  await tx
    .insert(playerAliases)
    .values(round.players.map((p) => ({ guid: p.guid, nameRaw: p.nameRaw, name: p.name, firstSeenAt: seenAt, lastSeenAt: seenAt, rounds: 1 })))
    .onConflictDoUpdate({
      target: [playerAliases.guid, playerAliases.nameRaw],
      set: {
        firstSeenAt: sql`least(${playerAliases.firstSeenAt}, excluded.first_seen_at)`,
        lastSeenAt: sql`greatest(${playerAliases.lastSeenAt}, excluded.last_seen_at)`,
        rounds: sql`${playerAliases.rounds} + 1`,
      },
    });
}
