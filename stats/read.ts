import { decodeLines, stripColours } from './decode.ts';
import { EXTENDED_FIELDS, type ExtendedFigures, WEAPON_COUNT, WEAPON_NAMES } from './fields.ts';
import type { ParsedRound, PlayerLine, ReadResult, RoundFileName, RoundHeader, WeaponLine } from './round.ts';

/** A reading failure inside the reader; turned into `{ ok: false, line, reason }` at its edge. */
class Unreadable extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

const FILE_NAME = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})-(.+)-round-([12])\.txt$/;
const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d+)?$/;
const CLOCK = /^(\d{1,4}):(\d{1,2})$/;
const GUID = /^[A-Za-z0-9]{1,32}$/;
/** Field 9 above this is milliseconds, at or below it whole seconds (an older variant). */
const PLAYTIME_MS_THRESHOLD = 10_000;

/** Reads `YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt`; null when the name does not have that shape. */
export function readFileName(fileName: string): RoundFileName | null {
  const m = FILE_NAME.exec(fileName);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, map, round] = m as unknown as [string, string, string, string, string, string, string, string, string];
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== `${y}-${mo}-${d}T${h}:${mi}:${s}`) {
    return null;
  }
  return { fileName, localTime: `${y}-${mo}-${d}T${h}:${mi}:${s}`, map, round: round === '1' ? 1 : 2 };
}

function integer(text: string, line: number, what: string): number {
  if (!INTEGER.test(text)) throw new Unreadable(line, `${what} is not a whole number: "${clip(text)}"`);
  return Number(text);
}

function decimal(text: string, line: number, what: string): number {
  if (!DECIMAL.test(text)) throw new Unreadable(line, `${what} is not a number: "${clip(text)}"`);
  return Number(text);
}

function clock(text: string, line: number, what: string): number {
  const m = CLOCK.exec(text);
  if (!m) throw new Unreadable(line, `${what} is not a M:SS time: "${clip(text)}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function readHeader(text: string, file: RoundFileName): RoundHeader {
  const f = text.split('\\');
  if (f.length !== 8 && f.length !== 9) {
    throw new Unreadable(1, `header has ${f.length} fields separated by "\\"; expected 8 (mod v7) or 9 (mod v8)`);
  }
  const [serverName, map, config, roundText, defenderText, winnerText, limitText, nextText, playText] = f as [
    string, string, string, string, string, string, string, string, string | undefined,
  ];
  if (map !== file.map) throw new Unreadable(1, `header map "${clip(map)}" differs from the file name's "${file.map}"`);
  const round = integer(roundText, 1, 'header round');
  if (round !== file.round) throw new Unreadable(1, `header round ${round} differs from the file name's round ${file.round}`);
  const defender = integer(defenderText, 1, 'header defending side');
  if (defender !== 1 && defender !== 2) throw new Unreadable(1, `header defending side is ${defender}; expected 1 or 2`);
  const winner = integer(winnerText, 1, 'header winning side');
  if (winner !== 0 && winner !== 1 && winner !== 2) throw new Unreadable(1, `header winning side is ${winner}; expected 0, 1 or 2`);
  let playtimeS: number | null = null;
  if (playText !== undefined) {
    const raw = integer(playText, 1, 'header playtime');
    if (raw > 0) playtimeS = raw > PLAYTIME_MS_THRESHOLD ? Math.floor(raw / 1000) : raw;
  }
  return {
    serverName,
    map,
    config,
    round: file.round,
    defender,
    winner,
    timeLimitS: clock(limitText, 1, 'header time limit'),
    nextTimeLimitS: clock(nextText, 1, 'header next time limit'),
    playtimeS,
    legacyHeader: playText === undefined,
  };
}

function readWeapons(text: string, line: number): WeaponLine[] {
  const parts = text.trim().split(/ +/);
  const mask = integer(parts[0] ?? '', line, 'weapon mask');
  if (mask < 0 || mask >= 2 ** WEAPON_COUNT) throw new Unreadable(line, `weapon mask ${mask} names weapons beyond id ${WEAPON_COUNT - 1}`);
  const weapons: WeaponLine[] = [];
  let at = 1;
  for (let id = 0; id < WEAPON_COUNT; id++) {
    if ((mask & (1 << id)) === 0) continue;
    if (at + 5 > parts.length) {
      const bits = mask.toString(2).replaceAll('0', '').length;
      throw new Unreadable(line, `weapon mask ${mask} lists ${bits} weapons (${bits * 5} numbers) but ${parts.length - 1} numbers follow`);
    }
    const n = (k: number, what: string) => integer(parts[at + k] as string, line, `${WEAPON_NAMES[id]} ${what}`);
    weapons.push({ weapon: id, hits: n(0, 'hits'), shots: n(1, 'shots'), kills: n(2, 'kills'), deaths: n(3, 'deaths'), headshots: n(4, 'headshots') });
    at += 5;
  }
  if (at !== parts.length) {
    throw new Unreadable(line, `weapon mask ${mask} lists ${weapons.length} weapons (${(at - 1)} numbers) but ${parts.length - 1} numbers follow`);
  }
  return weapons;
}

function readPlayer(text: string, line: number): PlayerLine {
  const f = text.split('\\');
  if (f.length < 5) throw new Unreadable(line, `player line has ${f.length} fields separated by "\\"; expected GUID\\name\\rounds\\team\\weapons`);
  // The name sits between the GUID and the last three fields, so a stray "\" in it cannot shift them.
  const guid = f[0] as string;
  if (!GUID.test(guid)) throw new Unreadable(line, `player GUID "${clip(guid)}" is not 1-32 letters and digits`);
  const nameRaw = f.slice(1, -3).join('\\');
  const rounds = integer(f[f.length - 3] as string, line, 'player rounds');
  const team = integer(f[f.length - 2] as string, line, 'player team');
  if (team !== 1 && team !== 2 && team !== 3) throw new Unreadable(line, `player team is ${team}; expected 1 (Axis), 2 (Allies) or 3 (Spectator)`);
  const [weaponText, ...extendedText] = (f[f.length - 1] as string).split('\t');
  const weapons = readWeapons(weaponText as string, line);
  const extended = {} as Record<string, number>;
  EXTENDED_FIELDS.forEach((def, i) => {
    const raw = extendedText[i]?.trim();
    const what = `field ${i} (${def.key})`;
    extended[def.key] = raw === undefined ? 0 : def.decimal ? decimal(raw, line, what) : integer(raw, line, what);
  });
  const name = stripColours(nameRaw);
  return {
    guid,
    nameRaw,
    name,
    rounds,
    team,
    bot: guid.toUpperCase().startsWith('OMNIBOT') || name.trimStart().toUpperCase().startsWith('[BOT]'),
    weapons,
    extended: extended as ExtendedFigures,
    extendedCount: extendedText.length,
  };
}

function readRound(fileName: string, bytes: Uint8Array): ParsedRound {
  const file = readFileName(fileName);
  if (!file) throw new Unreadable(0, `file name "${clip(fileName)}" is not YYYY-MM-DD-HHMMSS-<map>-round-<1|2>.txt`);
  if (bytes.length === 0) throw new Unreadable(1, 'file is empty');
  const { lines, endsWithNewline } = decodeLines(bytes);
  const header = readHeader((lines[0] ?? '').trimEnd(), file);
  const players: PlayerLine[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const text = (lines[i] as string).trimEnd();
    if (text.trim() === '') continue;
    const player = readPlayer(text, i + 1);
    const first = seen.get(player.guid);
    if (first !== undefined) throw new Unreadable(i + 1, `GUID ${player.guid} already has a line (line ${first})`);
    seen.set(player.guid, i + 1);
    players.push(player);
  }
  if (players.length === 0) throw new Unreadable(lines.length > 1 ? lines.length : 2, 'no player lines after the header');
  const last = players[players.length - 1] as PlayerLine;
  if (!endsWithNewline && (lines[lines.length - 1] as string).trim() !== '') {
    const expected = players.length > 1 ? Math.max(...players.slice(0, -1).map((p) => p.extendedCount)) : EXTENDED_FIELDS.length;
    if (last.extendedCount < expected) {
      throw new Unreadable(seen.get(last.guid) as number, `last line is cut short (${last.extendedCount} of ${expected} fields, no final newline): the file was not completely written`);
    }
  }
  return { file, header, players };
}

/**
 * Reads one round stats file (see STATS_FORMAT.md). Never throws: returns the round as written,
 * or the 1-based line that could not be read (0 for the file name) and why.
 */
export function readStatsFile(fileName: string, bytes: Uint8Array): ReadResult {
  try {
    return { ok: true, round: readRound(fileName, bytes) };
  } catch (error) {
    if (error instanceof Unreadable) return { ok: false, line: error.line, reason: error.message };
    return { ok: false, line: 0, reason: `reader failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
