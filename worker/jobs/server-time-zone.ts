import { sql } from 'drizzle-orm';
import { renameStatsLuaRounds } from './stats-lua-names.ts';
import { checkTimeZone } from '../../stats/clock.ts';
import type { Queryable, Transaction } from '../db/database.ts';
import { locked } from '../db/locks.ts';
import { intArray, rowsOf } from '../db/rows.ts';
import { type ChainRound, chainRounds, splitChains } from '../importer/chain.ts';
import { applyPlayerMerges } from '../importer/player-merges.ts';
import { rederiveMapPlays } from '../importer/rederive.ts';
import { nearbyRounds, regroupNearby, roundsNear } from '../importer/sessions.ts';
import { type RecomputeSettings, recomputeAll } from '../recompute/index.ts';
import { reseePlayersOfServer } from './players-seen.ts';

export type TimeZoneChange =
  | {
      readonly ok: true;
      readonly server: string;
      readonly from: string;
      readonly to: string;
      /** The server's rounds, and how many of them now end at another instant. */
      readonly rounds: number;
      readonly movedRounds: number;
    }
  | { readonly ok: false; readonly reason: string };

/** Derived rows of the server's rounds go (rederiveMapPlays writes them again); its raw files stay. */
async function clearDerived(tx: Transaction, ids: readonly number[]) {
  await tx.execute(sql`with w as (delete from player_weapon_rounds where round_id = any(${intArray(ids)})),
    p as (delete from player_rounds where round_id = any(${intArray(ids)}))
    update rounds set match_id = null where id = any(${intArray(ids)})`);
  await tx.execute(sql`delete from matches where round1_id = any(${intArray(ids)})`);
}

/** Every round of the server, ended at its file time read in its (new) zone, with nothing derived yet. */
async function freshRounds(tx: Transaction, serverId: number): Promise<ChainRound[]> {
  const stored = await chainRounds(tx, { serverId });
  return stored
    .map((r) => ({
      ...r,
      endedAt: new Date(r.instants.earlier),
      matchId: null,
      storedPartner: null,
    }))
    .sort(
      (a, b) =>
        a.map.localeCompare(b.map) || a.endedAt.getTime() - b.endedAt.getTime() || a.id - b.id,
    );
}

/** From the earliest start to the latest end of these rounds (no spread: a server can have many). */
function spanOf(rows: readonly { startedAt: Date; endedAt: Date }[]) {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    from = Math.min(from, r.startedAt.getTime());
    to = Math.max(to, r.endedAt.getTime());
  }
  return { from: new Date(from), to: new Date(to) };
}

/**
 * Sets the zone a game server's clock keeps (`npm run server -- set-time-zone`, `/admin servers
 * time-zone`) and re-times everything its file names date: every round's end (and start), pairs,
 * matches and figures re-derived as the importer does, when its players were seen, the sessions around
 * the old and the new times regrouped, then the full recompute. One transaction under the importer's
 * lock: commands see the old times or the new ones, never a mix. The same zone again changes nothing.
 * `option` names where the zone was given, for the refusal.
 */
export async function setServerTimeZone(
  db: Queryable,
  input: {
    /** The community whose server it is: another community's servers are not found. */
    readonly communityId: number;
    readonly server: string;
    readonly zone: string;
    readonly option?: string;
    readonly now: Date;
  },
  settings: RecomputeSettings,
): Promise<TimeZoneChange> {
  const checked = checkTimeZone(input.zone, input.option ?? 'zone');
  if (!checked.ok) return checked;
  const zone = checked.zone;
  const name = input.server.trim();
  return locked(
    db,
    async (tx): Promise<TimeZoneChange> => {
      const [server] = await rowsOf<{ id: number; time_zone: string }>(
        tx,
        sql`select id, time_zone from game_servers where community_id = ${input.communityId} and name = ${name}`,
      );
      if (!server) return { ok: false, reason: `there is no game server named "${name}"` };
      const [count] = await rowsOf<{ n: number }>(
        tx,
        sql`select count(*)::int as n from rounds where server_id = ${server.id}`,
      );
      const result = { ok: true, server: name, from: server.time_zone, to: zone } as const;
      if (server.time_zone === zone) return { ...result, rounds: count?.n ?? 0, movedRounds: 0 };

      await tx.execute(sql`update game_servers set time_zone = ${zone} where id = ${server.id}`);
      await renameStatsLuaRounds(tx, server.id, zone);
      const before = await chainRounds(tx, { serverId: server.id });
      if (before.length === 0) return { ...result, rounds: 0, movedRounds: 0 };
      const endedBefore = new Map(before.map((r) => [r.id, r.endedAt.getTime()]));
      await clearDerived(
        tx,
        before.map((r) => r.id),
      );
      const after: { id: number; startedAt: Date; endedAt: Date }[] = [];
      for (const chain of splitChains(await freshRounds(tx, server.id))) {
        const { rounds } = await rederiveMapPlays(tx, chain, {
          fresh: new Set(chain.map((r) => r.id)),
        });
        after.push(...rounds);
      }
      await reseePlayersOfServer(tx, server.id);
      await applyPlayerMerges(tx);

      // The sessions the rounds leave and the ones they join.
      const span = spanOf([...before, ...after]);
      const gap = settings.sessionGapMinutes;
      const nearby = await rowsOf<Record<string, unknown>>(
        tx,
        roundsNear(server.id, span.from, span.to, gap),
      );
      await regroupNearby(tx, nearbyRounds(nearby, new Map()), gap);
      await recomputeAll(tx, settings, input.now);
      return {
        ...result,
        rounds: after.length,
        movedRounds: after.filter((r) => r.endedAt.getTime() !== endedBefore.get(r.id)).length,
      };
    },
    { withImports: true },
  );
}
