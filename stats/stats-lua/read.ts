import { stripColours } from '../decode.ts';
import { EXTENDED_FIELDS, type ExtendedKey } from '../fields.ts';
import { figuresOf } from '../figures.ts';
import type { ParsedRound, PlayerLine, ReadResult, RoundHeader } from '../round.ts';
import { readStatsLuaFileName } from './file-name.ts';
import { EVENT_COUNTS, figuresFromEvents } from './gamelog-figures.ts';
import type { StatsLuaPayload } from './payload.ts';
import { roundTeamNames } from './team-names.ts';
import { readWeaponStats, TAIL_FIELDS } from './weapon-stats.ts';

/** What `extFields` says of a stats.lua round: it carries extended fields 0–9 only. */
export const STATS_LUA_FIELDS = TAIL_FIELDS;

const FULL_GUID = /^[0-9A-F]{32}$/;
/** Omni-bots have pseudo GUIDs (`OMNIBOT3`), kept whole as round files keep them. */
const BOT_GUID = /^OMNIBOT[A-Za-z0-9]{0,25}$/i;
const CLOCK = /^(\d{1,4}):(\d{2})$/;
const KEY = new Map<string, number>(EXTENDED_FIELDS.map((f, i) => [f.key, i]));
const minutes = (ms: number) => Math.round(ms / 6000) / 10;

class Contradiction extends Error {}
const refuse = (reason: string): never => {
  throw new Contradiction(reason);
};

function seconds(clock: string, field: string): number {
  const m = CLOCK.exec(clock);
  if (!m) return refuse(`round_info.${field} "${clock.slice(0, 20)}" is not M:SS`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const side = (n: number, field: string): 1 | 2 =>
  n === 1 || n === 2 ? n : refuse(`round_info.${field} is ${n}; expected 1 (Axis) or 2 (Allies)`);

function header(p: StatsLuaPayload): RoundHeader {
  const r = p.round_info;
  if (r.round !== 1 && r.round !== 2) refuse(`round_info.round is ${r.round}; expected 1 or 2`);
  if (r.round_end < r.round_start)
    refuse(
      `round_info.round_end (${r.round_end}) is before round_info.round_start (${r.round_start})`,
    );
  if (r.round_end_unix < r.round_start_unix)
    refuse('round_info.round_end_unix is before round_info.round_start_unix');
  const matchId = p.metadata?.matchID;
  if (matchId !== undefined && r.matchID !== undefined && matchId !== r.matchID)
    refuse(`metadata.matchID "${matchId}" is not round_info.matchID "${r.matchID}"`);
  const scored = p.metadata?.scores?.round?.round_num;
  if (scored !== undefined && scored !== r.round)
    refuse(`metadata.scores.round.round_num (${scored}) is not round_info.round (${r.round})`);
  const winner = r.winnerteam === 0 ? 0 : side(r.winnerteam, 'winnerteam');
  return {
    serverName: p.metadata?.servername ?? r.servername ?? '',
    map: r.mapname,
    config: p.metadata?.config ?? r.config ?? '',
    round: r.round as 1 | 2,
    defender: side(r.defenderteam, 'defenderteam'),
    winner,
    timeLimitS: seconds(r.timelimit, 'timelimit'),
    nextTimeLimitS: seconds(r.nextTimeLimit, 'nextTimeLimit'),
    playtimeS: null,
    legacyHeader: false,
  };
}

/**
 * The round of a stats.lua payload, in the round model of a round file (STATS_FORMAT.md): fields 0–9
 * and the weapons from `weaponStats` (engine counters: cumulative in round 2, as in files), and from
 * the `gamelog` what its events determine: sprees, assists, headshot kills, objectives, dynamites,
 * revives, time played and dead. Kill steals, useful kills, multikills, denied time, useless kills,
 * full selfkills, repairs, bullets fired and the mod's own ratios are not carried: unknown (null).
 * Players are filed under the first 8 characters of their GUID, as round files name them, so one person
 * seen both ways is one player; two full GUIDs sharing those 8 in one round keep their full GUIDs. Each
 * keeps its whole GUID in `fullGuid`: the importer files it again under its community's prefix owners
 * (owners.ts), which knows who held those 8 characters first.
 */
export function roundOfStatsLua(
  file: NonNullable<ReturnType<typeof readStatsLuaFileName>>,
  payload: StatsLuaPayload,
): ParsedRound {
  const head = header(payload);
  const r = payload.round_info;
  if (file.map !== r.mapname || file.round !== head.round)
    refuse(`the stored name ${file.fileName} does not name round_info's map and round`);
  const events = payload.gamelog;
  if (!events)
    return refuse(
      'gamelog is missing: etstats needs the event log (stats.lua COLLECT_GAMELOG, STATS_API_GAMELOG=true)',
    );
  for (const [i, e] of events.entries()) {
    if (e.round_id !== undefined && e.round_id !== r.round)
      refuse(`gamelog[${i}].round_id (${e.round_id}) is not round_info.round (${r.round})`);
    const match = payload.metadata?.matchID ?? r.matchID;
    if (e.match_id !== undefined && match !== undefined && e.match_id !== match)
      refuse(`gamelog[${i}].match_id "${e.match_id}" is not the payload's matchID "${match}"`);
  }
  const byGuid = figuresFromEvents(events, r.round_end);
  const players: PlayerLine[] = [];
  // Two full GUIDs with one prefix in a round are two people: both keep their full GUID.
  const sharing = new Map<string, number>();
  for (const key of Object.keys(payload.player_stats))
    if (FULL_GUID.test(key)) sharing.set(key.slice(0, 8), (sharing.get(key.slice(0, 8)) ?? 0) + 1);
  const values = new Float64Array(EXTENDED_FIELDS.length);
  for (const [key, p] of Object.entries(payload.player_stats)) {
    const at = `player_stats["${key.slice(0, 40)}"]`;
    const bot = BOT_GUID.test(key);
    if (!FULL_GUID.test(key) && !bot)
      refuse(`${at}: the key is not a 32-character upper-case hex GUID (nor an OMNIBOT one)`);
    const prefix = key.slice(0, 8);
    if (p.guid.toUpperCase() !== prefix.toUpperCase())
      refuse(`${at}.guid "${p.guid.slice(0, 20)}" is not the first 8 characters of its key`);
    const guid = bot || (sharing.get(prefix) ?? 0) > 1 ? key : prefix;
    const team = Number(p.team);
    if (team !== 1 && team !== 2 && team !== 3)
      refuse(`${at}.team is ${String(p.team).slice(0, 10)}; expected 1, 2 or 3`);
    const rounds = Number(p.rounds);
    if (!Number.isInteger(rounds) || rounds < 0)
      refuse(`${at}.rounds "${String(p.rounds).slice(0, 10)}" is not a whole number`);
    const ws = readWeaponStats(p.weaponStats);
    if (!ws.ok) return refuse(`${at}.weaponStats ${ws.reason}`);
    values.fill(Number.NaN);
    ws.value.tail.forEach((v, i) => {
      values[i] = v;
    });
    const f = byGuid.get(key);
    const set = (k: ExtendedKey, v: number) => {
      values[KEY.get(k) as number] = v;
    };
    for (const k of EVENT_COUNTS) set(k, f?.[k] ?? 0);
    set('time_played_min', minutes(f?.time_played_ms ?? 0));
    set('time_dead_min', minutes(f?.time_dead_ms ?? 0));
    const nameRaw = p.name;
    const name = stripColours(nameRaw);
    players.push({
      guid,
      ...(bot ? {} : { fullGuid: key }),
      nameRaw,
      name,
      rounds,
      team: team as 1 | 2 | 3,
      bot: bot || name.trimStart().toUpperCase().startsWith('[BOT]'),
      weapons: ws.value.weapons,
      extended: figuresOf(values),
      extendedCount: STATS_LUA_FIELDS,
    });
  }
  return {
    file,
    header: { ...head, playtimeS: playtime(payload) },
    players,
    bulletsKnown: false,
    extFields: players.length > 0 ? [STATS_LUA_FIELDS] : [],
    source: 'stats-lua',
    endedAtMs: r.round_end_unix * 1000,
    ...teamNamesOf(payload),
  };
}

/** The round's gather team names, as a spread: absent when the payload gives none. */
function teamNamesOf(p: StatsLuaPayload) {
  const teamNames = roundTeamNames(p.metadata?.scores);
  return teamNames ? { teamNames } : {};
}

/** The round's length without its pauses, whole seconds. */
function playtime(p: StatsLuaPayload): number | null {
  const r = p.round_info;
  let paused = 0;
  let pausedAt: number | undefined;
  for (const e of p.gamelog ?? []) {
    if (e.label === 'pause' && pausedAt === undefined) pausedAt = e.leveltime;
    else if (e.label === 'unpause' && pausedAt !== undefined) {
      paused += e.leveltime - pausedAt;
      pausedAt = undefined;
    }
  }
  const s = Math.floor((r.round_end - r.round_start - paused) / 1000);
  return s > 0 ? s : null;
}

/**
 * Reads a stored stats.lua payload as a round. Never throws: a payload whose fields contradict each
 * other is refused with the field and why (line 0: JSON has no lines that would help).
 */
export function readStatsLuaRound(fileName: string, bytes: Uint8Array): ReadResult {
  if (!readStatsLuaFileName(fileName)) return badName(fileName);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, line: 0, reason: `not JSON: ${(error as Error).message.slice(0, 120)}` };
  }
  return readStatsLuaJson(fileName, json);
}

const badName = (fileName: string): ReadResult => ({
  ok: false,
  line: 0,
  reason: `file name "${fileName.slice(0, 80)}" is not stats-<matchID>-YYYY-MM-DD-HHMMSS-<map>-round-<1|2>.json`,
});

/**
 * `readStatsLuaRound` of a payload already parsed from the stored bytes (the ingest route parses the
 * body once and hands the value on), with the same answer.
 */
export function readStatsLuaJson(fileName: string, json: unknown): ReadResult {
  const file = readStatsLuaFileName(fileName);
  if (!file) return badName(fileName);
  try {
    return { ok: true, round: roundOfStatsLua(file, json as StatsLuaPayload) };
  } catch (error) {
    if (error instanceof Contradiction) return { ok: false, line: 0, reason: error.message };
    return {
      ok: false,
      line: 0,
      reason: `payload does not have stats.lua's shape: ${(error as Error).message.slice(0, 120)}`,
    };
  }
}
