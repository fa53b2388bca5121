import { readdirSync, readFileSync } from 'node:fs';
import { type WeaponFigures, weaponLabel } from '../../../stats/fields.ts';
import { readStatsFile } from '../../../stats/read.ts';
import type { ParsedRound, PlayerLine } from '../../../stats/round.ts';
import { SHARED_CORPUS } from '../../support/corpus.ts';

/**
 * Realistic chart data from the shared sample corpus (../shared/corpus), read with the real reader.
 * Map totals are taken simply (the R2 file's cumulative counters, R1 + R2 per-round ones): good
 * sample data for pictures, not the importer's round-2 derivation.
 */
const CORPUS = `${SHARED_CORPUS}/`;

export interface MapPlayer extends WeaponFigures {
  guid: string;
  name: string;
  /** Side in round 1 (or round 2 for a late joiner). */
  team: 1 | 2 | 3;
  damageGiven: number;
  damageReceived: number;
  bullets: number;
  playedMin: number;
  deadMin: number;
  deniedS: number;
  weapons: Map<string, WeaponFigures>;
}

export interface PlayedMap {
  map: string;
  date: string;
  r1: ParsedRound;
  r2: ParsedRound | null;
  /** Seconds each round lasted (truth), R1 then R2. */
  durationsS: number[];
  score: { firstAttackers: number; firstDefenders: number } | null;
  players: MapPlayer[];
}

interface TruthRound {
  file: string;
  round: 1 | 2;
  match: string | null;
  duration_s: number;
  map_score?: { first_attackers: number; first_defenders: number };
}

interface Truth {
  rounds: TruthRound[];
  sessions: { rounds: string[] }[];
}

function weaponsOf(line: PlayerLine): Map<string, WeaponFigures> {
  return new Map(
    line.weapons.map((w) => [
      weaponLabel(w.weapon),
      { kills: w.kills, deaths: w.deaths, hits: w.hits, shots: w.shots, headshots: w.headshots },
    ]),
  );
}

function mapPlayer(r1: PlayerLine | undefined, r2: PlayerLine | undefined): MapPlayer {
  // R2 holds both rounds for cumulative counters; R1 alone when the player left before R2.
  const total = (r2 ?? r1) as PlayerLine;
  const weapons = weaponsOf(total);
  const sum = (k: keyof WeaponFigures) => [...weapons.values()].reduce((s, w) => s + w[k], 0);
  const perRound = (get: (p: PlayerLine) => number) => (r1 ? get(r1) : 0) + (r2 ? get(r2) : 0);
  return {
    guid: total.guid,
    name: total.nameRaw,
    team: (r1 ?? total).team,
    kills: sum('kills'),
    deaths: sum('deaths'),
    hits: sum('hits'),
    shots: sum('shots'),
    headshots: sum('headshots'),
    damageGiven: total.extended.damage_given,
    damageReceived: total.extended.damage_received,
    // Shots stand for bullets fired: field 20 equals them wherever it is valid.
    bullets: sum('shots'),
    playedMin: total.extended.time_played_min,
    deadMin: perRound((p) => p.extended.time_dead_min),
    deniedS: perRound((p) => p.extended.denied_playtime ?? 0),
    weapons,
  };
}

function read(name: string): ParsedRound | null {
  const result = readStatsFile(name, new Uint8Array(readFileSync(`${CORPUS}stats/${name}`)));
  return result.ok ? result.round : null;
}

let cache: { maps: PlayedMap[]; sessions: PlayedMap[][] } | undefined;

/** Every complete or half-played map of the corpus (bots left out), and the maps of each session. */
export function corpusMaps(): { maps: PlayedMap[]; sessions: PlayedMap[][] } {
  if (cache) return cache;
  const truth = JSON.parse(readFileSync(`${CORPUS}truth.json`, 'utf8')) as Truth;
  const byFile = new Map(truth.rounds.map((r) => [r.file, r]));
  const files = readdirSync(`${CORPUS}stats`).sort();
  const maps: PlayedMap[] = [];
  const mapOfFile = new Map<string, PlayedMap>();
  for (const name of files) {
    const t = byFile.get(name);
    if (t?.round !== 1) continue;
    const r1 = read(name);
    if (!r1) continue;
    const r2Truth = truth.rounds.find((r) => r.round === 2 && r.match === t.match);
    const r2 = r2Truth ? read(r2Truth.file) : null;
    const guids = new Set(
      [...r1.players, ...(r2?.players ?? [])].filter((p) => !p.bot).map((p) => p.guid),
    );
    const players = [...guids].map((g) =>
      mapPlayer(
        r1.players.find((p) => p.guid === g),
        r2?.players.find((p) => p.guid === g),
      ),
    );
    const score = r2Truth?.map_score;
    const played: PlayedMap = {
      map: r1.header.map,
      date: r1.file.localTime.slice(0, 10),
      r1,
      r2,
      durationsS: [t.duration_s, ...(r2Truth ? [r2Truth.duration_s] : [])],
      score: score
        ? { firstAttackers: score.first_attackers, firstDefenders: score.first_defenders }
        : null,
      players,
    };
    maps.push(played);
    mapOfFile.set(name, played);
  }
  const sessions = truth.sessions.map((s) =>
    s.rounds.map((f) => mapOfFile.get(f)).filter((m): m is PlayedMap => m !== undefined),
  );
  cache = { maps, sessions };
  return cache;
}
