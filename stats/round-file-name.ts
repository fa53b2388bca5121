import type { RoundFileName } from './round.ts';

const FILE_NAME = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})-(.+)-round-([12])\.txt$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    ? 29
    : (DAYS[month - 1] as number);

/** Reads `YYYY-MM-DD-HHMMSS-<map>-round-<N>.txt`; null when the name does not have that shape. */
export function readFileName(fileName: string): RoundFileName | null {
  const m = FILE_NAME.exec(fileName);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, map, round] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  // A real calendar date and clock time (no 31 February, no 24:00): checked by the numbers, not by
  // parsing a Date, which costs more than reading a small file's header.
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(y), month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return {
    fileName,
    localTime: `${y}-${mo}-${d}T${h}:${mi}:${s}`,
    map,
    round: round === '1' ? 1 : 2,
  };
}
