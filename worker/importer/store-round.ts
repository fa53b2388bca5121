import { sql } from 'drizzle-orm';
import { wallClockToEpochMs } from '../../stats/clock.ts';
import type { ParsedRound } from '../../stats/round.ts';
import { rounds } from '../../schema/index.ts';
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
  const seen = seenAt.toISOString();
  // Sorted by GUID so concurrent imports lock player rows in one order (no deadlock).
  const people = JSON.stringify([...round.players].sort((a, b) => (a.guid < b.guid ? -1 : 1)).map((p) => ({ guid: p.guid, name: p.name, name_raw: p.nameRaw, bot: p.bot, first_seen_at: seen, last_seen_at: seen, rounds: 1 })));
  // The newest name wins; two names seen at the same instant are ordered by their text.
  await tx.execute(sql`
    with seen as (select * from json_populate_recordset(null::player_aliases, ${people}::json)),
    p as (
      insert into players (guid, name, name_raw, bot, first_seen_at, last_seen_at)
      select s.guid, s.name, s.name_raw, b.bot, s.first_seen_at, s.last_seen_at
      from seen s join json_populate_recordset(null::players, ${people}::json) b using (guid)
      on conflict (guid) do update set
        name = case when excluded.last_seen_at > players.last_seen_at or (excluded.last_seen_at = players.last_seen_at and excluded.name_raw > players.name_raw) then excluded.name else players.name end,
        name_raw = case when excluded.last_seen_at > players.last_seen_at or (excluded.last_seen_at = players.last_seen_at and excluded.name_raw > players.name_raw) then excluded.name_raw else players.name_raw end,
        bot = players.bot or excluded.bot,
        first_seen_at = least(players.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(players.last_seen_at, excluded.last_seen_at)
    )
    insert into player_aliases (guid, name_raw, name, first_seen_at, last_seen_at, rounds)
    select guid, name_raw, name, first_seen_at, last_seen_at, rounds from seen
    on conflict (guid, name_raw) do update set
      first_seen_at = least(player_aliases.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(player_aliases.last_seen_at, excluded.last_seen_at),
      rounds = player_aliases.rounds + 1`);
}
