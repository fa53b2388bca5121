import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type Period, periodFilter } from './period.ts';
import { type MapResults, matchGroups, type PlayerTotals, playerTotals } from './player-stats.ts';

/** Two players' record when they met: maps (stopwatch) on opposite sides and on the same side, and rounds. */
export interface HeadToHead {
  /** Complete maps in opposite groups, from the first player's side: won 2–0, lost 0–2, drawn 1–1. */
  opposite: MapResults;
  /** Complete maps in the same group, and how that group did. */
  same: MapResults;
  /** Rounds both played on a team (not spectating): against each other, and together. */
  rounds_opposed: number;
  rounds_together: number;
}

export interface Comparison {
  a: PlayerTotals;
  b: PlayerTotals;
  record: HeadToHead;
}

/** Both players' totals over the period and their head-to-head record. */
export async function comparePlayers(
  db: Queryable,
  a: string,
  b: string,
  period: Period,
): Promise<Comparison> {
  return {
    a: await playerTotals(db, a, period),
    b: await playerTotals(db, b, period),
    record: await headToHead(db, a, b, period),
  };
}

export async function headToHead(
  db: Queryable,
  a: string,
  b: string,
  period: Period,
): Promise<HeadToHead> {
  const points = sql.raw('(case when ga."group" = 1 then ga.fa_points else ga.fd_points end)');
  const [maps] = await rowsOf<Record<string, number>>(
    db,
    sql`
    select
      (count(*) filter (where ga."group" <> gb."group" and ${points} = 2))::int as opposite_won,
      (count(*) filter (where ga."group" <> gb."group" and ${points} = 0))::int as opposite_lost,
      (count(*) filter (where ga."group" <> gb."group" and ${points} = 1))::int as opposite_drawn,
      (count(*) filter (where ga."group" = gb."group" and ${points} = 2))::int as same_won,
      (count(*) filter (where ga."group" = gb."group" and ${points} = 0))::int as same_lost,
      (count(*) filter (where ga."group" = gb."group" and ${points} = 1))::int as same_drawn
    from (${matchGroups(a, period)}) ga join (${matchGroups(b, period)}) gb on gb.match_id = ga.match_id
    where ga."group" is not null and gb."group" is not null`,
  );
  const [rounds] = await rowsOf<{ opposed: number; together: number }>(
    db,
    sql`
    select (count(*) filter (where pa.team <> pb.team))::int as opposed, (count(*) filter (where pa.team = pb.team))::int as together
    from player_rounds pa join player_rounds pb on pb.round_id = pa.round_id and pb.guid = ${b}
    join rounds r on r.id = pa.round_id
    where pa.guid = ${a} and pa.team in (1, 2) and pb.team in (1, 2) and ${periodFilter(period)}`,
  );
  const n = (key: string) => maps?.[key] ?? 0;
  return {
    opposite: { won: n('opposite_won'), lost: n('opposite_lost'), drawn: n('opposite_drawn') },
    same: { won: n('same_won'), lost: n('same_lost'), drawn: n('same_drawn') },
    rounds_opposed: rounds?.opposed ?? 0,
    rounds_together: rounds?.together ?? 0,
  };
}
