import { WEAPON_DISPLAY_NAMES } from './weapon-names.ts';

/**
 * The 38 TAB-separated "extended" fields of a player line, in file order, with how the
 * R2 file holds each one (see ../../shared/STATS_FORMAT.md, "Player line").
 *
 * - `cumulative`: the R2 file holds both rounds' total, so round 2 alone is `R2 - R1`.
 * - `round`: the R2 file holds round 2 alone, so it is never subtracted.
 * - `mod`: a value the mod derives (DPM, K/D, "tank" score, time dead %); kept as written
 *   for reference only, every figure we show is recomputed from the counters.
 *
 * `key` is the name used in stored rows, in the JSON API and in `truth.json`.
 */
export type FieldKind = 'cumulative' | 'round' | 'mod';

export interface ExtendedField {
  readonly key: string;
  readonly kind: FieldKind;
  readonly decimal: boolean;
}

const field = <K extends string, D extends boolean = false>(key: K, kind: FieldKind, decimal?: D) =>
  ({ key, kind, decimal: decimal ?? false }) as {
    readonly key: K;
    readonly kind: FieldKind;
    readonly decimal: D;
  };

export const EXTENDED_FIELDS = [
  field('damage_given', 'cumulative'),
  field('damage_received', 'cumulative'),
  field('team_damage_given', 'cumulative'),
  field('team_damage_received', 'cumulative'),
  field('gibs', 'cumulative'),
  field('self_kills', 'cumulative'),
  field('team_kills', 'cumulative'),
  field('team_gibs', 'cumulative'),
  // A ratio over both rounds: handled on its own (see deriveRoundTwo), never subtracted.
  field('time_alive_pct', 'mod', true),
  field('xp', 'round'),
  field('killing_spree', 'round'),
  field('death_spree', 'round'),
  field('kill_assists', 'round'),
  field('kill_steals', 'round'),
  field('headshot_kills', 'round'),
  field('objectives_stolen', 'round'),
  field('objectives_returned', 'round'),
  field('dynamites_planted', 'round'),
  field('dynamites_defused', 'round'),
  field('times_revived', 'round'),
  field('bullets_fired', 'cumulative'),
  field('mod_dpm', 'mod', true),
  field('time_played_min', 'cumulative', true),
  field('mod_tank_score', 'mod', true),
  field('mod_time_dead_pct', 'mod', true),
  field('time_dead_min', 'round', true),
  field('mod_kd', 'mod', true),
  field('useful_kills', 'round'),
  field('denied_playtime', 'round'),
  field('multikill_2x', 'round'),
  field('multikill_3x', 'round'),
  field('multikill_4x', 'round'),
  field('multikill_5x', 'round'),
  field('multikill_6x', 'round'),
  field('useless_kills', 'round'),
  field('full_selfkills', 'round'),
  field('repairs_constructions', 'round'),
  field('revives_given', 'round'),
] as const satisfies readonly ExtendedField[];

export type ExtendedKey = (typeof EXTENDED_FIELDS)[number]['key'];
/** Fields written with one decimal (minutes, percentages, the mod's ratios); the rest are integers. */
export type DecimalKey = Extract<(typeof EXTENDED_FIELDS)[number], { decimal: true }>['key'];
export type IntegerKey = Exclude<ExtendedKey, DecimalKey>;

/**
 * Figures that can be unknown (null): fields some layouts lack (28–37), bullets fired (field 20, garbage
 * in whole files of older mods) and round 2's time alive % (unknown without round-2 time played). A
 * figure a file does not carry is unknown, never 0 (STATS_FORMAT.md, "Older layouts").
 */
export const MAYBE_KNOWN_KEYS = [
  'time_alive_pct',
  'kill_steals',
  'bullets_fired',
  'mod_dpm',
  'mod_tank_score',
  'mod_time_dead_pct',
  'mod_kd',
  'useful_kills',
  'denied_playtime',
  'multikill_2x',
  'multikill_3x',
  'multikill_4x',
  'multikill_5x',
  'multikill_6x',
  'useless_kills',
  'full_selfkills',
  'repairs_constructions',
  'revives_given',
] as const satisfies readonly ExtendedKey[];
export type MaybeKnownKey = (typeof MAYBE_KNOWN_KEYS)[number];
export type KnownKey = Exclude<ExtendedKey, MaybeKnownKey>;
export type ExtendedFigures = Record<KnownKey, number> & Record<MaybeKnownKey, number | null>;

/** Extended fields every layout writes (0–27); a line with fewer is malformed. */
export const SHARED_FIELDS = 28;

const layouts = new Map<number, Int8Array>();

/**
 * Where each of the 38 figures (EXTENDED_FIELDS order) sits in a line of `count` extended fields, or -1
 * when that layout does not carry it (STATS_FORMAT.md, "Older layouts"): 38 (mod v7/v8) all of them; 37
 * no revives given; 36 neither repairs nor revives, and its denied time is unusable; 33 (2024) writes the
 * multi-kills at 28–32 and nothing after; any other count only the shared 0–27. More than 38: the extra
 * ones are ignored.
 */
export function layoutPositions(count: number): Int8Array {
  let positions = layouts.get(count);
  if (positions) return positions;
  positions = new Int8Array(EXTENDED_FIELDS.length).fill(-1);
  for (let i = 0; i < SHARED_FIELDS; i++) positions[i] = i;
  if (count >= 38) for (let i = SHARED_FIELDS; i < 38; i++) positions[i] = i;
  else if (count === 37) for (let i = SHARED_FIELDS; i < 37; i++) positions[i] = i;
  else if (count === 36) for (let i = SHARED_FIELDS + 1; i < 36; i++) positions[i] = i;
  else if (count === 33) for (let k = 0; k < 5; k++) positions[29 + k] = SHARED_FIELDS + k;
  layouts.set(count, positions);
  return positions;
}

/** Weapon ids 0..27 as the mod names them (`WS_` prefix in files and in truth.json). */
export const WEAPON_NAMES = [
  'WS_KNIFE',
  'WS_KNIFE_KBAR',
  'WS_LUGER',
  'WS_COLT',
  'WS_MP40',
  'WS_THOMPSON',
  'WS_STEN',
  'WS_FG42',
  'WS_PANZERFAUST',
  'WS_BAZOOKA',
  'WS_FLAMETHROWER',
  'WS_GRENADE',
  'WS_MORTAR',
  'WS_MORTAR2',
  'WS_DYNAMITE',
  'WS_AIRSTRIKE',
  'WS_ARTILLERY',
  'WS_SATCHEL',
  'WS_GRENADELAUNCHER',
  'WS_LANDMINE',
  'WS_MG42',
  'WS_BROWNING',
  'WS_CARBINE',
  'WS_KAR98',
  'WS_GARAND',
  'WS_K43',
  'WS_MP34',
  'WS_SYRINGE',
] as const;

export const WEAPON_COUNT = WEAPON_NAMES.length;

/** The five numbers written per weapon, in file order. `headshots` are headshot hits. */
export const WEAPON_COUNTERS = ['hits', 'shots', 'kills', 'deaths', 'headshots'] as const;
export type WeaponCounter = (typeof WEAPON_COUNTERS)[number];
export type WeaponFigures = Record<WeaponCounter, number>;

/** A weapon's `WS_` code, as the files' weapon order names it. */
export type WeaponCode = (typeof WEAPON_NAMES)[number];

/** Every code has its display name: a weapon added to WEAPON_NAMES without one fails to compile. */
const DISPLAY_NAMES: Readonly<Record<WeaponCode, string>> = WEAPON_DISPLAY_NAMES;

/** A weapon's display name, from the one table (`stats/weapon-names.ts`): `WS_COLT` → `Colt`. */
export function weaponLabel(id: number): string {
  const code = WEAPON_NAMES[id];
  return code ? DISPLAY_NAMES[code] : `weapon ${id}`;
}
