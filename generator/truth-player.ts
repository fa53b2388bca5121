import { WEAPON_NAMES } from '../stats/fields.ts';
import type { TruthPlayer, TruthWeapon } from './truth.ts';
import { EXT, type RoundFigures } from './figures.ts';
import { type Layout, unknownIn } from './layout.ts';

const WEAPONS = WEAPON_NAMES.length;
const E = EXT;

export interface TruthFlags {
  readonly left_early?: boolean | null;
  readonly joined_in_r2?: boolean;
  readonly reconnected?: boolean;
}

/** What the file tells beside the round's figures. */
export interface TruthFile {
  readonly layout: Layout;
  /** Field 20 is valid in the file: bullets fired is the round's sum of shots. */
  readonly bulletsKnown: boolean;
}

/**
 * The truth entry of one player for one round alone, from the figures that round really had; null
 * for what the file's layout does not tell. `timeAliveTenths` is the round's time alive % in tenths
 * (null when unknown). Written as one literal (not a loop over keys) because 20,000-round corpora
 * make a million of them.
 */
export function truthPlayer(
  figures: RoundFigures,
  who: { readonly name: string; readonly team: 1 | 2 | 3; readonly bot: boolean },
  file: TruthFile,
  timeAliveTenths: number | null,
  flags: TruthFlags,
): TruthPlayer {
  const weapons: Record<string, TruthWeapon> = {};
  let kills = 0;
  let deaths = 0;
  let hits = 0;
  let shots = 0;
  let headshots = 0;
  const w = figures.weapons;
  for (let id = 0; id < WEAPONS; id++) {
    const at = id * 5;
    const h = w[at] as number;
    const s = w[at + 1] as number;
    const k = w[at + 2] as number;
    const d = w[at + 3] as number;
    const hs = w[at + 4] as number;
    if (h === 0 && s === 0 && k === 0 && d === 0 && hs === 0) continue;
    weapons[WEAPON_NAMES[id] as string] = { hits: h, shots: s, kills: k, deaths: d, headshots: hs };
    kills += k;
    deaths += d;
    hits += h;
    shots += s;
    headshots += hs;
  }
  const x = figures.extended as unknown as number[];
  const unknown = unknownIn(file.layout);
  const maybe = (key: keyof typeof E) => (unknown.has(key) ? null : (x[E[key]] as number));
  const player: TruthPlayer = {
    name: who.name,
    team: who.team,
    bot: who.bot,
    kills,
    deaths,
    hits,
    shots,
    headshot_hits: headshots,
    damage_given: x[E.damage_given] as number,
    damage_received: x[E.damage_received] as number,
    team_damage_given: x[E.team_damage_given] as number,
    team_damage_received: x[E.team_damage_received] as number,
    gibs: x[E.gibs] as number,
    self_kills: x[E.self_kills] as number,
    team_kills: x[E.team_kills] as number,
    team_gibs: x[E.team_gibs] as number,
    xp: x[E.xp] as number,
    killing_spree: x[E.killing_spree] as number,
    death_spree: x[E.death_spree] as number,
    kill_assists: x[E.kill_assists] as number,
    kill_steals: x[E.kill_steals] as number,
    headshot_kills: x[E.headshot_kills] as number,
    objectives_stolen: x[E.objectives_stolen] as number,
    objectives_returned: x[E.objectives_returned] as number,
    dynamites_planted: x[E.dynamites_planted] as number,
    dynamites_defused: x[E.dynamites_defused] as number,
    times_revived: x[E.times_revived] as number,
    time_played_min: (x[E.time_played_min] as number) / 10,
    time_dead_min: (x[E.time_dead_min] as number) / 10,
    useful_kills: x[E.useful_kills] as number,
    denied_playtime: maybe('denied_playtime'),
    multikill_2x: maybe('multikill_2x'),
    multikill_3x: maybe('multikill_3x'),
    multikill_4x: maybe('multikill_4x'),
    multikill_5x: maybe('multikill_5x'),
    multikill_6x: maybe('multikill_6x'),
    useless_kills: maybe('useless_kills'),
    full_selfkills: maybe('full_selfkills'),
    repairs_constructions: maybe('repairs_constructions'),
    revives_given: maybe('revives_given'),
    time_alive_pct: timeAliveTenths === null ? null : timeAliveTenths / 10,
    bullets_fired: file.bulletsKnown ? shots : null,
    weapons,
  };
  if (flags.left_early !== undefined) player.left_early = flags.left_early;
  if (flags.joined_in_r2 !== undefined) player.joined_in_r2 = flags.joined_in_r2;
  if (flags.reconnected !== undefined) player.reconnected = flags.reconnected;
  return player;
}
