/**
 * stats.lua payloads (Oksii/legacy-configs, `luascripts/README.md`) for the same simulated evenings as
 * the round files: one JSON per readable round file, whose `weaponStats` are the file's fields up to 9
 * (cumulative in round 2, as the engine keeps them) and whose `gamelog` is built so that its events
 * determine exactly the round's own sprees, assists, headshot kills, objectives, dynamites, revives,
 * time played and time dead. Kills and deaths in the log that would touch another listed player are
 * against a player who left before the round ended (not in `player_stats`), so each player's events
 * determine their own figures and nobody else's.
 */
import { wallClockToEpochMs } from '../stats/clock.ts';
import { deriveRoundTwo } from '../stats/derive-round-two.ts';
import { EXTENDED_FIELDS } from '../stats/fields.ts';
import { asWritten, type PlayerRound } from '../stats/figures.ts';
import { roundDuration } from '../stats/outcome.ts';
import { pairRounds } from '../stats/pair-rounds.ts';
import { readStatsFile } from '../stats/read.ts';
import type { ParsedRound } from '../stats/round.ts';
import { statsLuaFileName } from '../stats/stats-lua/file-name.ts';
import { fullGuid } from './companions.ts';
import type { GeneratedFile } from './index.ts';
import { clock } from './write.ts';

/** Someone who played part of the round and left before its end: the other side of synthetic events. */
export const GONE_GUID = '0'.repeat(32);
/** The level time rounds start at: the map has been loaded for a while. */
const LEVEL_START = 60_000;

export interface StatsLuaFile {
  /** The name stats.lua gives its local dump, and the name it is stored under. */
  readonly name: string;
  /** The round file it stands for. */
  readonly roundFile: string;
  readonly payload: Record<string, unknown>;
}

const keyOf = (guid: string) => (/^[0-9A-F]{8}$/.test(guid) ? fullGuid(guid) : guid);

type Event = Record<string, unknown> & { leveltime: number; label: string };

/** One player's events, in order, from `spawnAt` (ms of level time) on. */
function playerEvents(key: string, figures: PlayerRound['totals'], spawnAt: number): Event[] {
  const out: Event[] = [];
  let t = spawnAt;
  const add = (label: string, fields: Record<string, unknown>, at = t) => {
    out.push({ label, group: 'player', leveltime: at, ...fields });
  };
  const tenthsMs = (min: number | null) => Math.round((min ?? 0) * 10) * 6000;
  add('spawn', { player: key, team: 1, class: 'soldier' });
  const deaths = figures.death_spree;
  const kills = figures.killing_spree;
  const headshots = figures.headshot_kills;
  // The death spree: consecutive deaths; the first holds all of the time dead, the rest respawn at once.
  for (let d = 0; d < deaths; d++) {
    add('kill', { killer: GONE_GUID, victim: key, weapon: 8 });
    t += d === 0 ? tenthsMs(figures.time_dead_min) : 0;
    add('spawn', { player: key, team: 1, class: 'soldier' });
    t += 1;
  }
  // Kills in lives of at most `kills` each (the longest is the killing spree), as many as headshot
  // kills need; a life ends in a death, which counts as one death after a kill.

  let headshotsLeft = headshots;
  for (let life = 0; life === 0 || headshotsLeft > 0; life++) {
    if (life > 0) {
      add('kill', { killer: GONE_GUID, victim: key, weapon: 8 });
      add('spawn', { player: key, team: 1, class: 'soldier' });
      t += 1;
    }
    const inLife = life === 0 ? kills : Math.min(kills, headshotsLeft);
    if (inLife === 0) break;
    for (let k = 0; k < inLife; k++) {
      const head = headshotsLeft > 0;
      add('damage', {
        killer: key,
        victim: GONE_GUID,
        damage: 50,
        weapon: 8,
        hit_region: head ? 'HR_HEAD' : 'HR_BODY',
      });
      add('kill', { killer: key, victim: GONE_GUID, weapon: 8 });
      if (head) headshotsLeft--;

      t += 1;
    }
  }
  const repeat = (n: number | null, label: string, fields: Record<string, unknown>) => {
    for (let i = 0; i < (n ?? 0); i++) {
      add(label, fields);
      t += 1;
    }
  };
  repeat(figures.kill_assists, 'assist', {
    assister: key,
    victim: GONE_GUID,
    killer: GONE_GUID,
    weapon: 8,
  });
  repeat(figures.objectives_stolen, 'obj_taken', { player: key, objective: 'documents' });
  repeat(figures.objectives_returned, 'obj_returned', { player: key, objective: 'documents' });
  repeat(figures.dynamites_planted, 'obj_planted', { player: key, objective: 'wall' });
  repeat(figures.dynamites_defused, 'obj_defused', { player: key, objective: 'wall' });
  repeat(figures.times_revived, 'revive', { player: GONE_GUID, victim: key });
  repeat(figures.revives_given, 'revive', { player: key, victim: GONE_GUID });
  return out;
}

function payloadOf(
  round: ParsedRound,
  own: ReadonlyMap<string, PlayerRound> | null,
  matchId: string,
  zone: string,
): Record<string, unknown> {
  const { header } = round;
  const endMs = wallClockToEpochMs(round.file.localTime, zone);
  // The level times span the round as long as it really took: what the files' readers conclude.
  const figures = round.players.map((p) => (own?.get(p.guid) ?? asWritten(p)).totals);
  const longest =
    own === null || figures.length === 0
      ? null
      : Math.max(...figures.map((f) => Math.round((f.time_played_min ?? 0) * 60)));
  const playS = roundDuration(header, longest).seconds ?? header.timeLimitS;
  const roundEnd = LEVEL_START + playS * 1000;
  const player_stats: Record<string, unknown> = {};
  const events: Event[] = [];
  for (const p of round.players) {
    const key = keyOf(p.guid);
    const ext = EXTENDED_FIELDS.slice(0, 10).map((f) => {
      const v = p.extended[f.key] ?? 0;
      return f.decimal ? v.toFixed(1) : String(v);
    });
    const mask = p.weapons.reduce((m, w) => m | (1 << w.weapon), 0);
    const weaponStats = [
      String(mask),
      ...p.weapons.flatMap((w) => [w.hits, w.shots, w.kills, w.deaths, w.headshots].map(String)),
      ...ext,
    ];
    player_stats[key] = {
      guid: key.slice(0, 8),
      name: p.nameRaw,
      rounds: String(p.rounds),
      team: String(p.team),
      weaponStats,
    };
    const mine = (own?.get(p.guid) ?? asWritten(p)).totals;
    const played = Math.round((mine.time_played_min ?? 0) * 10) * 6000;
    events.push(...playerEvents(key, mine, roundEnd - played));
  }
  events.sort((a, b) => a.leveltime - b.leveltime);
  const gamelog = [
    { label: 'round_start', group: 'server', leveltime: LEVEL_START },
    ...events,
    { label: 'round_end', group: 'server', leveltime: roundEnd },
  ].map((e) => ({
    match_id: matchId,
    round_id: header.round,
    unixtime: endMs - (roundEnd - e.leveltime),
    ...e,
  }));
  return {
    round_info: {
      servername: header.serverName,
      config: header.config,
      matchID: matchId,
      mapname: header.map,
      round: header.round,
      defenderteam: header.defender,
      winnerteam: header.winner,
      timelimit: clock(header.timeLimitS),
      nextTimeLimit: clock(header.nextTimeLimitS),
      round_start: LEVEL_START,
      round_end: roundEnd,
      round_start_unix: Math.floor(endMs / 1000) - playS,
      round_end_unix: Math.floor(endMs / 1000),
    },
    player_stats,
    metadata: {
      servername: header.serverName,
      config: header.config,
      matchID: matchId,
      stats_version: '2.9.0',
      server_ip: '192.0.2.1',
      server_port: '27960',
    },
    gamelog,
  };
}

/**
 * The payloads of an evening's readable round files (`files` in play order, `zone` the server's clock).
 * A map's R1 and the R2 it pairs with share a match id; each round's events are its own figures: R1's
 * as written, R2's as the round-file importer derives them.
 */
export function statsLuaPayloads(files: readonly GeneratedFile[], zone = 'UTC'): StatsLuaFile[] {
  const rounds: { name: string; round: ParsedRound; endedAt: number }[] = [];
  for (const f of files) {
    const read = readStatsFile(f.name, f.bytes);
    if (read.ok)
      rounds.push({
        name: f.name,
        round: read.round,
        endedAt: wallClockToEpochMs(read.round.file.localTime, zone),
      });
  }
  const byMap = new Map<string, number[]>();
  rounds.forEach((r, i) => {
    byMap.set(r.round.header.map, [...(byMap.get(r.round.header.map) ?? []), i]);
  });
  const partner = new Map<number, number>();
  for (const ids of byMap.values()) {
    const pairs = pairRounds(
      ids.map((id) => {
        const r = rounds[id] as (typeof rounds)[number];
        const { round, timeLimitS, nextTimeLimitS } = r.round.header;
        return { id, round, endedAt: r.endedAt, timeLimitS, nextTimeLimitS, tieBreak: r.name };
      }),
    );
    for (const [r2, r1] of pairs) partner.set(r2, r1);
  }
  const matchOf = new Map<number, string>();
  return rounds.map((r, i) => {
    const r1 = partner.get(i);
    const matchId = (r1 !== undefined && matchOf.get(r1)) || `gen.${Math.floor(r.endedAt / 1000)}`;
    matchOf.set(i, matchId);
    // Round 1 as written; a paired round 2 as derived; an orphan round 2 has no figures of its own.
    let own: Map<string, PlayerRound> | null = r.round.header.round === 1 ? new Map() : null;
    if (r1 !== undefined) {
      const derived = deriveRoundTwo((rounds[r1] as (typeof rounds)[number]).round, r.round);
      own = new Map(derived.round2.map((p) => [p.guid, p]));
    }
    const { localTime, map, round } = r.round.file;
    return {
      name: statsLuaFileName(matchId, localTime, map, round),
      roundFile: r.name,
      payload: payloadOf(r.round, own, matchId, zone),
    };
  });
}
