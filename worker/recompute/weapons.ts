import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { ofCommunity } from '../db/scopes.ts';
import { humanWeaponRows, RANKED_ROUND, WEAPON_USED } from './metrics.ts';

/*
 * The all-time weapon tables the pages and commands read (schema/recompute.ts: player_weapon_totals,
 * weapon_months): humans' player-weapon rows of the community summed per player and weapon, and the
 * rounds with each weapon counted per month. The full recompute writes them whole; after an import, the
 * players named in the re-derived rounds and the months of those rounds are written again. Either way
 * the rows equal a sum over the stored rows (incremental.test.ts compares them, import by import, with
 * worker/queries/weapons.ts summing the rows for the same span).
 */

const MONTH = sql.raw(`to_char(r.ended_at at time zone 'UTC', 'YYYY-MM')`);

/** The first instant of a `YYYY-MM` month, UTC, and of the month after it. */
function monthSpan(month: string): [string, string] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return [
    new Date(Date.UTC(year, m - 1, 1)).toISOString(),
    new Date(Date.UTC(year, m, 1)).toISOString(),
  ];
}

/** The `YYYY-MM` (UTC) month of an instant. */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/**
 * Writes the community's weapon totals: of `guids` (every player with null) and of `months` (`YYYY-MM`,
 * UTC; every month with null), replacing what was stored for them.
 */
export async function recomputeWeapons(
  tx: Queryable,
  communityId: number,
  scope: { guids: readonly string[]; months: readonly string[] } | 'all',
): Promise<void> {
  const guids = scope === 'all' ? null : scope.guids;
  const months = scope === 'all' ? null : [...new Set(scope.months)].sort();
  if (guids === null || guids.length > 0) {
    const whose = guids === null ? sql`true` : sql`guid in ${guids}`;
    await tx.execute(
      sql`delete from player_weapon_totals where community_id = ${communityId} and ${whose}`,
    );
    const ranked = RANKED_ROUND('r');
    const sum = (column: string, filter: SQL | null) =>
      filter
        ? sql`coalesce(sum(${sql.raw(`w.${column}`)}) filter (where ${filter}), 0)`
        : sql`sum(${sql.raw(`w.${column}`)})`;
    const figures = (filter: SQL | null) =>
      sql.join(
        ['kills', 'deaths', 'hits', 'shots', 'headshots'].map((c) => sum(c, filter)),
        sql`, `,
      );
    await tx.execute(sql`
      insert into player_weapon_totals (community_id, guid, weapon, rounds, kills, deaths, hits, shots, headshots,
        ranked_rounds, ranked_kills, ranked_deaths, ranked_hits, ranked_shots, ranked_headshots)
      select ${communityId}, w.guid, w.weapon, count(*) filter (where ${WEAPON_USED}), ${figures(null)},
        count(*) filter (where ${WEAPON_USED} and ${ranked}), ${figures(ranked)}
      ${humanWeaponRows(sql`${ofCommunity(communityId)} ${guids === null ? sql`` : sql`and w.guid in ${guids}`}`)}
      group by w.guid, w.weapon`);
  }
  if (months === null || months.length > 0) {
    const inMonths =
      months === null
        ? sql`true`
        : sql`(${sql.join(
            months.map((m) => {
              const [from, to] = monthSpan(m);
              return sql`(r.ended_at >= ${from}::timestamptz and r.ended_at < ${to}::timestamptz)`;
            }),
            sql` or `,
          )})`;
    await tx.execute(
      sql`delete from weapon_months where community_id = ${communityId} ${months === null ? sql`` : sql`and month in ${months}`}`,
    );
    await tx.execute(sql`
      insert into weapon_months (community_id, month, weapon, rounds)
      select ${communityId}, ${MONTH}, w.weapon, count(distinct w.round_id)
      ${humanWeaponRows(sql`${WEAPON_USED} and ${ofCommunity(communityId)} and ${inMonths}`)}
      group by 2, 3`);
  }
}
