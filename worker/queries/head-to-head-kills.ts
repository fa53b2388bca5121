import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type Period, periodFilter } from './period.ts';

/** Kills between two players, from the event logs of the stats.lua rounds both played. */
export interface HeadToHeadKills {
  /** Rounds both played whose event log was read. */
  readonly rounds: number;
  readonly aKilledB: number;
  readonly bKilledA: number;
}

/**
 * A stored GUID (8 characters, or a full 32 kept apart from another sharing its prefix) matches an
 * event's full GUID when it is that GUID or, for 8 characters, its first 8 — unless the round files that
 * full GUID apart under its own 32 (another person with the same prefix).
 */
const sameGuid = (event: string, stored: string) =>
  sql`(${sql.raw(event)} = ${stored} or (length(${stored}) = 8 and left(${sql.raw(event)}, 8) = ${stored}
    and not exists (select 1 from player_rounds apart where apart.round_id = shared.round_id and apart.guid = ${sql.raw(event)})))`;

/** Null when the two never played a stats.lua round together in the period (no event log to count). */
export async function headToHeadKills(
  db: Queryable,
  a: string,
  b: string,
  period: Period,
): Promise<HeadToHeadKills | null> {
  const [row] = await rowsOf<{ rounds: number; a_killed_b: number; b_killed_a: number }>(
    db,
    sql`with shared as (
      select r.id as round_id, f.bytes from rounds r join stats_files f on f.id = r.file_id
      join player_rounds pa on pa.round_id = r.id and pa.guid = ${a}
      join player_rounds pb on pb.round_id = r.id and pb.guid = ${b}
      where f.file_name like 'stats-%.json' and ${periodFilter(period)})
    select (select count(*) from shared)::int as rounds,
      count(*) filter (where ${sameGuid("e->>'killer'", a)} and ${sameGuid("e->>'victim'", b)})::int as a_killed_b,
      count(*) filter (where ${sameGuid("e->>'killer'", b)} and ${sameGuid("e->>'victim'", a)})::int as b_killed_a
    from shared, jsonb_array_elements(convert_from(shared.bytes, 'UTF8')::jsonb -> 'gamelog') e
    where e->>'label' = 'kill'`,
  );
  if (!row || row.rounds === 0) return null;
  return { rounds: row.rounds, aKilledB: row.a_killed_b, bKilledA: row.b_killed_a };
}
