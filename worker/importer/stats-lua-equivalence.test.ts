// One simulated evening sent both ways, as round files and as stats.lua payloads, into two databases:
// the same rounds, pairs, map results and sessions, and per round the same figures for everything a
// payload carries or its events determine.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';
import { gameServers } from '../../schema/index.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { rowsOf } from '../db/rows.ts';
import { importStatsFile } from './import-file.ts';

const corpus = generateCorpus({ seed: 1515, evenings: 3, players: 16 });
const encoder = new TextEncoder();
const payloadFiles = statsLuaPayloads(corpus.files).map((p) => ({
  name: p.name,
  bytes: encoder.encode(JSON.stringify(p.payload)),
}));

async function importAll(files: readonly { name: string; bytes: Uint8Array }[]) {
  const handle = await openPglite();
  const [server] = await handle.db
    .insert(gameServers)
    .values({ communityId: 1, name: 'generated' })
    .returning();
  for (const file of files) {
    const outcome = await importStatsFile(
      handle.db,
      {
        serverId: (server as { id: number }).id,
        fileName: file.name,
        bytes: file.bytes,
        receivedAt: new Date(0),
      },
      { sessionGapMinutes: 60 },
    );
    if (outcome.status === 'quarantined') throw new Error(`${file.name}: ${outcome.reason}`);
  }
  return handle;
}

/** Columns a stats.lua round carries, or its events determine (time dead aside: see below). */
const CARRIED =
  sql.raw(`pr.guid, pr.name_raw, pr.team, pr.bot, pr.joined_in_r2, pr.reconnected, pr.left_early,
  pr.kills, pr.deaths, pr.hits, pr.shots, pr.headshot_hits, pr.damage_given, pr.damage_received,
  pr.team_damage_given, pr.team_damage_received, pr.gibs, pr.self_kills, pr.team_kills, pr.team_gibs,
  pr.time_alive_pct, pr.xp, pr.killing_spree, pr.death_spree, pr.kill_assists, pr.headshot_kills,
  pr.objectives_stolen, pr.objectives_returned, pr.dynamites_planted, pr.dynamites_defused,
  pr.times_revived, pr.revives_given, pr.time_played_min,
  -- time spent waiting for a first spawn has no event: a payload's time dead is 0 there
  case when pr.death_spree = 0 then 0 else pr.time_dead_min end as time_dead_min`);

const dump = async (db: DatabaseHandle['db']) => ({
  rounds: await rowsOf(
    db,
    sql`select map, round, ended_at, started_at, duration_s, winner, attackers_won, orphan, empty, player_count, bot_count,
      (match_id is null) as unpaired, (session_id is null) as sessionless from rounds order by ended_at, round, map`,
  ),
  matches: await rowsOf(
    db,
    sql`select m.map, m.started_at, m.ended_at, m.first_attackers_side, m.first_attackers_points, m.first_defenders_points
      from matches m order by m.ended_at, m.map`,
  ),
  sessions: await rowsOf(
    db,
    sql`select started_at, ended_at, round_count, map_count, player_count from gaming_sessions order by started_at`,
  ),
  players: await rowsOf(
    db,
    sql`select r.ended_at, r.round, ${CARRIED} from player_rounds pr join rounds r on r.id = pr.round_id
      order by r.ended_at, r.round, pr.guid`,
  ),
  weapons: await rowsOf(
    db,
    sql`select r.ended_at, r.round, w.guid, w.weapon, w.hits, w.shots, w.kills, w.deaths, w.headshots
      from player_weapon_rounds w join rounds r on r.id = w.round_id order by r.ended_at, r.round, w.guid, w.weapon`,
  ),
});

let files: DatabaseHandle;
let payloads: DatabaseHandle;
beforeAll(async () => {
  [files, payloads] = await Promise.all([importAll(corpus.files), importAll(payloadFiles)]);
}, 120_000);
afterAll(async () => {
  await files?.close();
  await payloads?.close();
});

describe('an evening as round files and as stats.lua payloads', () => {
  it('gives the same rounds, map results and sessions', async () => {
    const [a, b] = await Promise.all([dump(files.db), dump(payloads.db)]);
    expect(b.rounds.length).toBeGreaterThan(20);
    expect(b.rounds).toEqual(a.rounds);
    expect(b.matches).toEqual(a.matches);
    expect(b.sessions).toEqual(a.sessions);
  });

  it('gives per round the same figures for what the payload carries', async () => {
    const [a, b] = await Promise.all([dump(files.db), dump(payloads.db)]);
    expect(b.players.length).toBeGreaterThan(200);
    expect(b.players).toEqual(a.players);
    expect(b.weapons).toEqual(a.weapons);
  });

  it('stores null, not 0, for what it does not carry', async () => {
    const [row] = await rowsOf<{ known: number }>(
      payloads.db,
      sql`select count(*) filter (where kill_steals is not null or useful_kills is not null or multikill_2x is not null
        or bullets_fired is not null or mod_dpm is not null)::int as known from player_rounds`,
    );
    expect(row?.known).toBe(0);
  });
});
