/** Number formats shared by every chart, so one figure reads the same everywhere. */

/** A whole number with thin thousands groups: 12345 → "12 345". */
export function chartInt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const s = Math.round(Math.abs(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  return n < 0 && Math.round(n) !== 0 ? `−${s}` : s;
}

export function chartDecimal(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '–';
  const s = Math.abs(n).toFixed(digits);
  return n < 0 && Number(s) !== 0 ? `−${s}` : s;
}

export function chartPercent(pct: number): string {
  return Number.isFinite(pct) ? `${pct.toFixed(1)}%` : '–';
}

/** Seconds as `m:ss`, or `h:mm:ss` from an hour. */
export function chartDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A span of time at the precision a reader wants: "1h 16m", "8m 05s", "45s". */
export function chartSpan(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s >= 3600)
    return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Minutes, as the stats files count time played and dead, as a span. */
export function chartMinutes(minutes: number): string {
  return chartSpan(minutes * 60);
}

/** A scale label: whole numbers plainly, small steps with the decimals they need. */
export function chartTick(value: number): string {
  if (Number.isInteger(value)) return chartInt(value);
  return chartDecimal(value, Math.abs(value) < 1 ? 2 : 1);
}
