import { weaponLabel } from '../../../stats/fields.ts';
import type {
  SessionPlayer,
  SessionReport,
  SessionWeaponRow,
} from '../../queries/session-report.ts';
import { type Column, codeTable } from '../kit/text-format.ts';

// The table views of a session (combat, weapons, objectives/support, sprees) in code blocks, the only way
// Discord lines numbers up. Wider than a phone's 38 characters: there are more columns than /stats has,
// and the name column gives way first.

/** Characters per table line: an embed on a desktop shows about 60 monospace characters. */
export const SESSION_TABLE_WIDTH = 56;

/** A figure in a table cell; '–' for one the session's files did not carry (older mods). */
const int = (value: number | null) => (value === null ? '–' : String(Math.round(value)));
/** Rounded before toFixed, so 255.85 shows 255.9 here as in every other view. */
export const oneDecimal = (value: number) => (Math.round(value * 10) / 10).toFixed(1);
export const twoDecimals = (value: number) => (Math.round(value * 100) / 100).toFixed(2);
const right = (header: string): Column => ({ header, align: 'right' });

function table(
  report: SessionReport,
  columns: Column[],
  players: readonly SessionPlayer[],
  cells: (p: SessionPlayer) => string[],
): string {
  const teams = report.players.some((p) => p.team !== null);
  const head: Column[] = [...(teams ? [{ header: 'T' }] : []), { header: 'Player', shrink: true }];
  const rows = players.map((p) => [...(teams ? [p.team ?? '?'] : []), p.name, ...cells(p)]);
  return codeTable([...head, ...columns], rows, SESSION_TABLE_WIDTH);
}

const sorted = (players: readonly SessionPlayer[], key: (p: SessionPlayer) => number) =>
  [...players].sort((a, b) => key(b) - key(a) || a.name.localeCompare(b.name));

/** Kills, deaths, K/D, DPM, damage given/received, accuracy, headshot kills: most kills first. */
export function combatTable(report: SessionReport): string {
  return table(
    report,
    ['K', 'D', 'K/D', 'DPM', 'Dmg', 'Recv', 'Acc%', 'HS'].map(right),
    sorted(report.players, (p) => p.figures.kills),
    ({ figures: f }) => [
      int(f.kills),
      int(f.deaths),
      twoDecimals(f.kd),
      oneDecimal(f.dpm),
      int(f.damage_given),
      int(f.damage_received),
      oneDecimal(f.accuracy),
      int(f.headshot_kills),
    ],
  );
}

/** Revives given and received, repairs/constructions, objectives, dynamites, XP: most XP first. */
export function supportTable(report: SessionReport): string {
  return table(
    report,
    ['Rev', 'Revd', 'Eng', 'Obj', 'Dyn', 'XP'].map(right),
    sorted(report.players, (p) => p.figures.xp),
    ({ figures: f }) => [
      int(f.revives_given),
      int(f.times_revived),
      int(f.repairs_constructions),
      `${f.objectives_stolen}/${f.objectives_returned}`,
      `${f.dynamites_planted}/${f.dynamites_defused}`,
      int(f.xp),
    ],
  );
}

/** Best killing spree, worst death spree, multi-kills by size, kill steals and assists: best spree first. */
export function spreesTable(report: SessionReport): string {
  return table(
    report,
    ['Spr', 'DSp', '2x', '3x', '4x', '5x+', 'Stl', 'Ast'].map(right),
    sorted(report.players, (p) => p.figures.killing_spree),
    ({ figures: f }) => [
      int(f.killing_spree),
      int(f.death_spree),
      int(f.multikill_2x),
      int(f.multikill_3x),
      int(f.multikill_4x),
      int(
        f.multikill_5x === null || f.multikill_6x === null ? null : f.multikill_5x + f.multikill_6x,
      ),
      int(f.kill_steals),
      int(f.kill_assists),
    ],
  );
}

export interface WeaponSummary {
  readonly weapon: number;
  readonly kills: number;
  readonly hits: number;
  readonly shots: number;
  readonly headshots: number;
  /** The human with most kills with it (ties: lowest GUID); null when nobody killed with it. */
  readonly topGuid: string | null;
  readonly topKills: number;
}

/** The session's weapons over all humans, most kills first; weapons nobody fired or killed with are left out. */
export function weaponSummaries(rows: readonly SessionWeaponRow[]): WeaponSummary[] {
  const byWeapon = new Map<
    number,
    {
      kills: number;
      hits: number;
      shots: number;
      headshots: number;
      topGuid: string | null;
      topKills: number;
    }
  >();
  for (const row of rows) {
    const w = byWeapon.get(row.weapon) ?? {
      kills: 0,
      hits: 0,
      shots: 0,
      headshots: 0,
      topGuid: null,
      topKills: 0,
    };
    w.kills += row.kills;
    w.hits += row.hits;
    w.shots += row.shots;
    w.headshots += row.headshots;
    const better =
      row.kills > w.topKills ||
      (row.kills > 0 && row.kills === w.topKills && w.topGuid !== null && row.guid < w.topGuid);
    if (better) {
      w.topGuid = row.guid;
      w.topKills = row.kills;
    }
    byWeapon.set(row.weapon, w);
  }
  return [...byWeapon]
    .map(([weapon, w]) => ({ weapon, ...w }))
    .filter((w) => w.kills > 0 || w.shots > 0)
    .sort((a, b) => b.kills - a.kills || b.shots - a.shots || a.weapon - b.weapon);
}

/** Per weapon: kills, accuracy, headshot hits and its best user. */
export function weaponsTable(report: SessionReport): string {
  const names = new Map(report.players.map((p) => [p.guid, p.name]));
  const rows = weaponSummaries(report.weapons).map((w) => [
    weaponLabel(w.weapon),
    int(w.kills),
    w.shots > 0 ? oneDecimal((100 * w.hits) / w.shots) : '-',
    int(w.headshots),
    w.topGuid ? `${names.get(w.topGuid) ?? w.topGuid} (${w.topKills})` : '-',
  ]);
  return codeTable(
    [
      { header: 'Weapon' },
      right('K'),
      right('Acc%'),
      right('HS'),
      { header: 'Best', shrink: true },
    ],
    rows,
    SESSION_TABLE_WIDTH,
  );
}

/** Each human's most-killing weapon (ties: the lower weapon id), most kills first. */
export function favouriteWeapons(
  report: SessionReport,
): { guid: string; weapon: number; kills: number }[] {
  const best = new Map<string, SessionWeaponRow>();
  for (const row of report.weapons) {
    const current = best.get(row.guid);
    if (
      row.kills > 0 &&
      (!current ||
        row.kills > current.kills ||
        (row.kills === current.kills && row.weapon < current.weapon))
    )
      best.set(row.guid, row);
  }
  return [...best.values()]
    .map((r) => ({ guid: r.guid, weapon: r.weapon, kills: r.kills }))
    .sort((a, b) => b.kills - a.kills || a.guid.localeCompare(b.guid));
}
