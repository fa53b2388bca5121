import { decodeLines, findControlCharacter, stripColours } from './decode.ts';
import {
  EXTENDED_FIELDS,
  layoutPositions,
  SHARED_FIELDS,
  WEAPON_COUNT,
  WEAPON_NAMES,
} from './fields.ts';
import { figuresOf } from './figures.ts';
import { readFileName } from './round-file-name.ts';
import { isStatsLuaFileName } from './stats-lua/file-name.ts';
import { readStatsLuaRound } from './stats-lua/read.ts';
import { clip, clock, decimal, integer, Unreadable } from './read-field.ts';
import type {
  ParsedRound,
  PlayerLine,
  ReadResult,
  RoundFileName,
  RoundHeader,
  WeaponLine,
} from './round.ts';

/**
 * The reader's version, stored with every round it derived: rounds of an older version (before the
 * corrected spec: layouts, field 20, reconnects, round-2-only files, durations) are corrected by a rebuild.
 */
export const READER_VERSION = 2;

export { readFileName };

const GUID = /^[A-Za-z0-9]{1,32}$/;
/** Field 9 above this is milliseconds, at or below it whole seconds (an older variant). */
const PLAYTIME_MS_THRESHOLD = 10_000;

function readHeader(text: string, file: RoundFileName): RoundHeader {
  const f = text.split('\\');
  if (f.length !== 8 && f.length !== 9) {
    throw new Unreadable(
      1,
      `header has ${f.length} fields separated by "\\"; expected 8 (mod v7) or 9 (mod v8)`,
    );
  }
  const [
    serverName,
    map,
    config,
    roundText,
    defenderText,
    winnerText,
    limitText,
    nextText,
    playText,
  ] = f as [string, string, string, string, string, string, string, string, string | undefined];
  if (map !== file.map)
    throw new Unreadable(1, `header map "${clip(map)}" differs from the file name's "${file.map}"`);
  const round = integer(roundText, 1, 'header round');
  if (round !== file.round)
    throw new Unreadable(
      1,
      `header round ${round} differs from the file name's round ${file.round}`,
    );
  const defender = integer(defenderText, 1, 'header defending side');
  if (defender !== 1 && defender !== 2)
    throw new Unreadable(1, `header defending side is ${defender}; expected 1 or 2`);
  const winner = integer(winnerText, 1, 'header winning side');
  if (winner !== 0 && winner !== 1 && winner !== 2)
    throw new Unreadable(1, `header winning side is ${winner}; expected 0, 1 or 2`);
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

// The fast paths below scan character codes instead of running a regular expression and
// Number() per field: a file has hundreds of numbers, and reading speed bounds every import.
// They accept only what INTEGER and DECIMAL (read-field.ts) accept, with the same values; anything else goes
// to the careful path, which reports the same reasons as ever.

const POWERS_OF_TEN = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];
/** Where the last scanNumber stopped: at the `stop` character or at the end of the text. */
let scannedTo = 0;

/**
 * A plain `-?\d{1,15}` (or, when `decimal`, `-?\d{1,15}(\.\d+)?` with 15 digits at most) from
 * `start` up to the `stop` character or the end of the text; NaN when the text there is anything
 * else. Digits / 10^decimals is one correctly rounded division, so the value equals Number(text).
 */
function scanNumber(text: string, start: number, stop: number, decimal: boolean): number {
  const length = text.length;
  let i = start;
  const negative = text.charCodeAt(i) === 0x2d;
  if (negative) i++;
  const from = i;
  let n = 0;
  for (; i < length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  const whole = i - from;
  if (whole < 1 || whole > 15) return Number.NaN;
  let value = n;
  if (decimal && i < length && text.charCodeAt(i) === 0x2e) {
    const point = i;
    for (i++; i < length; i++) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    const decimals = i - point - 1;
    if (decimals < 1 || whole + decimals > 15) return Number.NaN;
    value = n / (POWERS_OF_TEN[decimals] as number);
  }
  if (i < length && text.charCodeAt(i) !== stop) return Number.NaN;
  scannedTo = i;
  return negative ? -value : value;
}

/** The whole number in `text[start, end)`, where `end` holds a backslash. */
function wholeBefore(text: string, start: number, end: number, line: number, what: string): number {
  const n = scanNumber(text, start, 0x5c, false);
  return !Number.isNaN(n) && scannedTo === end ? n : integer(text.slice(start, end), line, what);
}

/** The weapon numbers of the line being read, reused from line to line. */
let numbers = new Float64Array(256);

/** `text.split(/ +/)` read into `numbers` when every token is a plain number; -1 otherwise. */
function scanWeaponNumbers(text: string): number {
  if (numbers.length < text.length) numbers = new Float64Array(text.length);
  let count = 0;
  for (let i = 0; i < text.length; ) {
    const n = scanNumber(text, i, 0x20, false);
    if (Number.isNaN(n)) return -1;
    numbers[count++] = n;
    i = scannedTo;
    while (text.charCodeAt(i) === 0x20) i++;
  }
  return count;
}

function readWeapons(raw: string, line: number): WeaponLine[] {
  const text = raw.trim();
  let tokens = scanWeaponNumbers(text);
  let token = (k: number, _what: string): number => numbers[k] as number;
  if (tokens < 0 || text === '') {
    // The careful path: token by token, so the first bad one is the one reported.
    const parts = text.split(/ +/);
    tokens = parts.length;
    token = (k, what) => integer(parts[k] as string, line, what);
  }
  const mask = token(0, 'weapon mask');
  if (mask < 0 || mask >= 2 ** WEAPON_COUNT)
    throw new Unreadable(line, `weapon mask ${mask} names weapons beyond id ${WEAPON_COUNT - 1}`);
  const weapons: WeaponLine[] = [];
  let next = 1;
  for (let id = 0; id < WEAPON_COUNT; id++) {
    if ((mask & (1 << id)) === 0) continue;
    if (next + 5 > tokens) {
      const bits = mask.toString(2).replaceAll('0', '').length;
      throw new Unreadable(
        line,
        `weapon mask ${mask} lists ${bits} weapons (${bits * 5} numbers) but ${tokens - 1} numbers follow`,
      );
    }
    const name = WEAPON_NAMES[id];
    const hits = token(next, `${name} hits`);
    const shots = token(next + 1, `${name} shots`);
    const kills = token(next + 2, `${name} kills`);
    const deaths = token(next + 3, `${name} deaths`);
    const headshots = token(next + 4, `${name} headshots`);
    weapons.push({ weapon: id, hits, shots, kills, deaths, headshots });
    next += 5;
  }
  if (next !== tokens) {
    throw new Unreadable(
      line,
      `weapon mask ${mask} lists ${weapons.length} weapons (${next - 1} numbers) but ${tokens - 1} numbers follow`,
    );
  }
  return weapons;
}

const FIELD_DECIMAL = EXTENDED_FIELDS.map((f) => f.decimal);
const FIELD_WHAT = EXTENDED_FIELDS.map((f, i) => `field ${i} (${f.key})`);
/** The extended fields of the line being read, by their place in the line, reused from line to line. */
const written = new Float64Array(EXTENDED_FIELDS.length);
/** The 33-field layout writes the (whole-number) multi-kills at 28–32. */
const isMultikillOf33 = (count: number, i: number) => count === 33 && i >= SHARED_FIELDS;

/** How many TAB-separated fields follow `at` (-1: none). */
function countFields(text: string, at: number): number {
  if (at < 0) return 0;
  let count = 1;
  for (let i = text.indexOf('\t', at); i >= 0; i = text.indexOf('\t', i + 1)) count++;
  return count;
}

/**
 * Reads the TAB-separated extended fields from `at` (-1: none) into `figures`, in EXTENDED_FIELDS order,
 * NaN where the line's layout does not carry a figure; returns how many fields the line has.
 */
function readExtended(text: string, at: number, line: number, offset: number): number {
  const count = countFields(text, at);
  if (count < SHARED_FIELDS) {
    throw new Unreadable(
      line,
      `player line has ${count} extended fields after the TAB; every layout writes at least ${SHARED_FIELDS}`,
    );
  }
  for (let i = 0; i < EXTENDED_FIELDS.length && at >= 0; i++) {
    const isDecimal = !isMultikillOf33(count, i) && (FIELD_DECIMAL[i] as boolean);
    let value = scanNumber(text, at, 0x09, isDecimal);
    let end = scannedTo;
    if (Number.isNaN(value)) {
      const next = text.indexOf('\t', at);
      end = next < 0 ? text.length : next;
      const raw = text.slice(at, end).trim();
      const what = isMultikillOf33(count, i)
        ? `field ${i} (multikill_${i - 26}x)`
        : (FIELD_WHAT[i] as string);
      value = isDecimal ? decimal(raw, line, what) : integer(raw, line, what);
    }
    written[i] = value;
    at = end < text.length ? end + 1 : -1;
  }
  const positions = layoutPositions(count);
  if (slab.length < offset + EXTENDED_FIELDS.length) {
    const grown = new Float64Array(slab.length * 2);
    grown.set(slab);
    slab = grown;
  }
  for (let k = 0; k < EXTENDED_FIELDS.length; k++) {
    const from = positions[k] as number;
    slab[offset + k] = from < 0 ? Number.NaN : (written[from] as number);
  }
  return count;
}

/**
 * A player line as read, its figures still in `slab` at `offset` (field 20 is judged over the whole
 * file before they become objects).
 */
type ReadPlayer = Omit<PlayerLine, 'extended'> & { readonly offset: number };
/** Every figure of the file being read, 38 per player line, reused from file to file. */
let slab = new Float64Array(EXTENDED_FIELDS.length * 64);
const BULLETS_FIRED = EXTENDED_FIELDS.findIndex((f) => f.key === 'bullets_fired');

function readPlayer(text: string, line: number, offset: number): ReadPlayer {
  // The name sits between the GUID and the last three fields, so a stray "\" in it cannot shift them.
  const b1 = text.indexOf('\\');
  const b4 = text.lastIndexOf('\\');
  const b3 = b4 > 0 ? text.lastIndexOf('\\', b4 - 1) : -1;
  const b2 = b3 > 0 ? text.lastIndexOf('\\', b3 - 1) : -1;
  if (b1 < 0 || b2 <= b1) {
    const fields = text.split('\\').length;
    throw new Unreadable(
      line,
      `player line has ${fields} fields separated by "\\"; expected GUID\\name\\rounds\\team\\weapons`,
    );
  }
  const guid = text.slice(0, b1);
  if (!GUID.test(guid))
    throw new Unreadable(line, `player GUID "${clip(guid)}" is not 1-32 letters and digits`);
  const nameRaw = text.slice(b1 + 1, b2);
  const rounds = wholeBefore(text, b2 + 1, b3, line, 'player rounds');
  const team = wholeBefore(text, b3 + 1, b4, line, 'player team');
  if (team !== 1 && team !== 2 && team !== 3)
    throw new Unreadable(
      line,
      `player team is ${team}; expected 1 (Axis), 2 (Allies) or 3 (Spectator)`,
    );
  const tab = text.indexOf('\t', b4 + 1);
  const weapons = readWeapons(tab < 0 ? text.slice(b4 + 1) : text.slice(b4 + 1, tab), line);
  const extendedCount = readExtended(text, tab < 0 ? -1 : tab + 1, line, offset);
  const name = stripColours(nameRaw);
  const bot =
    guid.toUpperCase().startsWith('OMNIBOT') || name.trimStart().toUpperCase().startsWith('[BOT]');
  return { guid, nameRaw, name, rounds, team, bot, weapons, offset, extendedCount };
}

/** Field 20 equals the line's sum of weapon shots (STATS_FORMAT.md, "Field 20"). */
function bulletsMatchShots(player: ReadPlayer): boolean {
  let shots = 0;
  for (const w of player.weapons) shots += w.shots;
  return slab[player.offset + BULLETS_FIRED] === shots;
}

function readRound(fileName: string, bytes: Uint8Array): ParsedRound {
  const { lines, endsWithNewline } = decodeLines(bytes);
  // Before the name: a file kept in quarantine for its bytes (a companion too) is refused for them
  // whenever it is read again, not for a name the round reader does not take.
  const control = findControlCharacter(bytes, lines);
  if (control) throw new Unreadable(control.line, control.reason);
  const file = readFileName(fileName);
  if (!file)
    throw new Unreadable(
      0,
      `file name "${clip(fileName)}" is not YYYY-MM-DD-HHMMSS-<map>-round-<1|2>.txt`,
    );
  if (bytes.length === 0) throw new Unreadable(1, 'file is empty');
  if (!endsWithNewline && (lines[lines.length - 1] as string).trim() !== '') {
    // The mod ends every line with a line end: without one, the last number may be cut (15 written as 1).
    throw new Unreadable(
      lines.length,
      'last line has no line end: the file was cut off while the server wrote it',
    );
  }
  const header = readHeader((lines[0] ?? '').trimEnd(), file);
  const read: ReadPlayer[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const text = (lines[i] as string).trimEnd();
    if (text === '') continue;
    const player = readPlayer(text, i + 1, read.length * EXTENDED_FIELDS.length);
    const first = seen.get(player.guid);
    if (first !== undefined)
      throw new Unreadable(i + 1, `GUID ${player.guid} already has a line (line ${first})`);
    seen.set(player.guid, i + 1);
    read.push(player);
  }
  const bulletsKnown = read.length > 0 && read.every(bulletsMatchShots);
  const players = read.map((p): PlayerLine => {
    if (!bulletsKnown) slab[p.offset + BULLETS_FIRED] = Number.NaN;
    return {
      guid: p.guid,
      nameRaw: p.nameRaw,
      name: p.name,
      rounds: p.rounds,
      team: p.team,
      bot: p.bot,
      weapons: p.weapons,
      extended: figuresOf(slab, p.offset),
      extendedCount: p.extendedCount,
    };
  });
  const extFields = [...new Set(read.map((p) => p.extendedCount))].sort((a, b) => a - b);
  return { file, header, players, bulletsKnown, extFields };
}

/**
 * Reads one round stats file (see STATS_FORMAT.md). Never throws: returns the round as written,
 * or the 1-based line that could not be read (0 for the file name) and why.
 */
export function readStatsFile(fileName: string, bytes: Uint8Array): ReadResult {
  // A stats.lua round's stored JSON is read into the same round model (stats/stats-lua/).
  if (isStatsLuaFileName(fileName)) return readStatsLuaRound(fileName, bytes);
  try {
    return { ok: true, round: readRound(fileName, bytes) };
  } catch (error) {
    if (error instanceof Unreadable) return { ok: false, line: error.line, reason: error.message };
    return {
      ok: false,
      line: 0,
      reason: `reader failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
