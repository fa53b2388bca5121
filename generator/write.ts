import { EXTENDED_FIELDS, WEAPON_COUNT } from '../stats/fields.ts';
import { EXT } from './figures.ts';
import { type Layout, writtenFigures } from './layout.ts';

/** Field 1–9 of the header as the mod writes them; `playtime` null gives the 8-field (mod v7) header. */
export interface HeaderToWrite {
  readonly serverName: string;
  readonly map: string;
  readonly config: string;
  readonly round: 1 | 2;
  readonly defender: 1 | 2;
  readonly winner: 0 | 1 | 2;
  readonly timeLimit: string;
  readonly nextTimeLimit: string;
  readonly playtime: string | null;
}

/** One player line's content as written (an R2 line of a continuing player holds the cumulative counters). */
export interface LineToWrite {
  readonly guid: string;
  readonly name: string;
  readonly rounds: number;
  readonly team: 1 | 2 | 3;
  readonly weapons: Int32Array;
  /** The 38 figures, tenths for decimal ones; the mod-derived ones are filled by `fillModFields`. */
  readonly extended: Int32Array;
  /** The name's bytes are Latin-1, so the line is not valid UTF-8. */
  readonly latin1: boolean;
}

export interface FileStyle {
  readonly crlf: boolean;
  /** Spaces/TABs after some lines and blank lines at the end. */
  readonly trailingBlanks: boolean;
  /** Which extended fields the mod version writes, and where. */
  readonly layout: Layout;
}

const DECIMAL = EXTENDED_FIELDS.map((f) => f.decimal);
const WEAPONS = WEAPON_COUNT;
const E = EXT;
const encoder = new TextEncoder();

/** `YYYY-MM-DD-HHMMSS`, the time part of a round file's name. */
export function fileStamp(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 10)}-${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}`;
}

/** `M:SS`, minutes unbounded (`71:05` is a valid quirk). */
export function clock(seconds: number): string {
  const s = seconds % 60;
  return `${Math.floor(seconds / 60)}:${s < 10 ? '0' : ''}${s}`;
}

/**
 * Fills the fields the mod derives from the counters (all in tenths but bullets fired).
 * `playedForDpm` is the time played the mod divides by: for an R2 line it uses round 2's time
 * against cumulative damage, which is why readers must recompute DPM.
 */
export function fillModFields(
  ext: Int32Array,
  weapons: Int32Array,
  deadTotalTenths: number,
  playedForDpm: number,
): void {
  let shots = 0;
  let kills = 0;
  let deaths = 0;
  for (let at = 0; at < WEAPONS * 5; at += 5) {
    shots += weapons[at + 1] as number;
    kills += weapons[at + 2] as number;
    deaths += weapons[at + 3] as number;
  }
  const played = ext[E.time_played_min] as number;
  const given = ext[E.damage_given] as number;
  ext[E.bullets_fired] = shots;
  ext[E.time_alive_pct] =
    played > 0 ? Math.max(0, Math.round((1000 * (played - deadTotalTenths)) / played)) : 0;
  ext[E.mod_dpm] = playedForDpm > 0 ? Math.round((100 * given) / playedForDpm) : 0;
  ext[E.mod_tank_score] = Math.round(
    (100 * (ext[E.damage_received] as number)) / Math.max(1, given),
  );
  ext[E.mod_time_dead_pct] =
    played > 0 ? Math.round((1000 * (ext[E.time_dead_min] as number)) / played) : 0;
  ext[E.mod_kd] = deaths === 0 ? (kills + 1) * 10 : Math.round((10 * kills) / deaths);
}

/** A growable byte buffer, reused from file to file: writing bytes directly avoids building strings. */
let buf = new Uint8Array(1 << 16);
let len = 0;

function room(n: number): void {
  if (len + n <= buf.length) return;
  const bigger = new Uint8Array(Math.max(buf.length * 2, len + n));
  bigger.set(buf.subarray(0, len));
  buf = bigger;
}

// The put* functions write without bounds checks: callers reserve room first.
function putByte(b: number): void {
  buf[len++] = b;
}

/** Text as UTF-8, or as Latin-1 (one byte per character) when `latin1`. */
function putText(t: string, latin1 = false): void {
  if (latin1) {
    for (let i = 0; i < t.length; i++) buf[len++] = t.charCodeAt(i);
  } else {
    len += encoder.encodeInto(t, buf.subarray(len)).written;
  }
}

const digits = new Uint8Array(16);
/** A whole number of at most 15 digits. */
function putInt(n: number): void {
  if (n < 0) {
    buf[len++] = 0x2d;
    n = -n;
  }
  let k = 0;
  do {
    digits[k++] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  while (k > 0) buf[len++] = digits[--k] as number;
}

function putTenths(v: number): void {
  putInt(Math.floor(v / 10));
  buf[len++] = 0x2e;
  buf[len++] = 0x30 + (v % 10);
}

function putBlank(blank: string, crlf: boolean): void {
  room(blank.length + 2);
  putText(blank);
  if (crlf) buf[len++] = 0x0d;
  buf[len++] = 0x0a;
}

function header(h: HeaderToWrite): void {
  const t = `${h.serverName}\\${h.map}\\${h.config}\\${h.round}\\${h.defender}\\${h.winner}\\${h.timeLimit}\\${h.nextTimeLimit}`;
  const play = h.playtime === null ? '' : `\\${h.playtime}`;
  room((t.length + play.length) * 3);
  putText(t + play);
}

/** The most bytes a player line can take besides its name: 140 weapon and 38 extended numbers. */
const LINE_ROOM = 64 + 140 * 17 + 38 * 18;

/** `GUID\name\rounds\team\MASK h s k d hs ... <space><TAB>f0<TAB>...` */
function player(line: LineToWrite, layout: Layout): void {
  room(LINE_ROOM + (line.guid.length + line.name.length) * 3);
  const w = line.weapons;
  let mask = 0;
  for (let id = 0; id < WEAPONS; id++) {
    const at = id * 5;
    if (w[at] || w[at + 1] || w[at + 2] || w[at + 3] || w[at + 4]) mask |= 1 << id;
  }
  putText(line.guid);
  putByte(0x5c);
  putText(line.name, line.latin1);
  putByte(0x5c);
  putInt(line.rounds);
  putByte(0x5c);
  putInt(line.team);
  putByte(0x5c);
  putInt(mask);
  for (let id = 0; id < WEAPONS; id++) {
    if ((mask & (1 << id)) === 0) continue;
    for (let at = id * 5; at < id * 5 + 5; at++) {
      putByte(0x20);
      putInt(w[at] as number);
    }
  }
  putByte(0x20);
  const ext = line.extended;
  for (const i of writtenFigures(layout)) {
    putByte(0x09);
    if (DECIMAL[i]) putTenths(ext[i] as number);
    else putInt(ext[i] as number);
  }
}

/** The file's bytes: UTF-8, except lines whose name is Latin-1 (as some clients send them). */
export function writeRoundFile(
  h: HeaderToWrite,
  lines: readonly LineToWrite[],
  style: FileStyle,
  blank: () => string,
): Uint8Array {
  len = 0;
  header(h);
  for (let i = 0; i < lines.length; i++) {
    putBlank(style.trailingBlanks ? blank() : '', style.crlf);
    player(lines[i] as LineToWrite, style.layout);
  }
  // The mod ends every line, the last one too: a file without it was cut off (see malformed.ts).
  putBlank(style.trailingBlanks ? blank() : '', style.crlf);
  if (style.trailingBlanks) putBlank(blank(), style.crlf);
  return buf.slice(0, len);
}
