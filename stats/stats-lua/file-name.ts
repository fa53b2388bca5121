import { readFileName } from '../round-file-name.ts';
import type { RoundFileName } from '../round.ts';

/**
 * The name a stats.lua round is stored under: the name stats.lua gives its local dump
 * (`DUMP_STATS_DATA`, `stats-{matchID}-{YYYY-MM-DD-HHMMSS}-{map}-round-{N}.json`), the time being the
 * game server's wall clock as in round-file names. One name per (match, round, end time), so the same
 * round posted again, or dumped and picked up by the agent, is the same stored file.
 */
const STATS_LUA = /^stats-([A-Za-z0-9_.:]{1,64})-(\d{4}-\d{2}-\d{2}-\d{6}-.+-round-[12])\.json$/;

export function isStatsLuaFileName(fileName: string): boolean {
  return STATS_LUA.test(fileName);
}

/** Match ids are the Lua's or ours; anything outside `[A-Za-z0-9_.:]` cannot be part of a name. */
export function isStatsLuaMatchId(matchId: string): boolean {
  return /^[A-Za-z0-9_.:]{1,64}$/.test(matchId);
}

export function statsLuaFileName(
  matchId: string,
  localTime: string,
  map: string,
  round: 1 | 2,
): string {
  const stamp = localTime.replace('T', '-').replaceAll(':', '');
  return `stats-${matchId}-${stamp}-${map}-round-${round}.json`;
}

/** The round-file name inside a stats.lua name, read as one (time, map, round), and its match id. */
export function readStatsLuaFileName(
  fileName: string,
): (RoundFileName & { readonly matchId: string }) | null {
  const m = STATS_LUA.exec(fileName);
  if (!m) return null;
  const inner = readFileName(`${m[2]}.txt`);
  return inner ? { ...inner, fileName, matchId: m[1] as string } : null;
}
