import { EXTENDED_FIELDS, type ExtendedKey, WEAPON_COUNT } from '../stats/fields.ts';
import type { PlayerClass } from './people.ts';
import type { Random } from './random.ts';

/**
 * One player's true figures for one round alone. `weapons` holds 5 counters per weapon id
 * (hits, shots, kills, deaths, headshots at `id * 5`); `extended` the 38 fields in file order,
 * decimal fields in tenths (time played 10.0 min is 100).
 */
export interface RoundFigures {
  readonly weapons: Int32Array;
  readonly extended: Int32Array;
}

export const EXT = Object.fromEntries(EXTENDED_FIELDS.map((f, i) => [f.key, i])) as Record<
  ExtendedKey,
  number
>;

type WeaponKind = 'bullet' | 'explosive' | 'melee' | 'syringe';

/** A weapon a class uses: its id for Axis and for Allies, its kind and its share of the kills. */
interface Use {
  readonly axis: number;
  readonly allies: number;
  readonly kind: WeaponKind;
  readonly share: number;
}

const use = (axis: number, allies: number, kind: WeaponKind, share: number): Use => ({
  axis,
  allies,
  kind,
  share,
});
const SMG = use(4, 5, 'bullet', 0.62);
const PISTOL = use(2, 3, 'bullet', 0.08);
const GRENADE = use(11, 11, 'explosive', 0.09);
const KNIFE = use(0, 0, 'melee', 0.02);

/** Loadouts per class; the first use is the main weapon and is always fired. */
const LOADOUTS: readonly (readonly Use[])[][] = [
  [
    [SMG, PISTOL, GRENADE, KNIFE],
    [use(8, 9, 'explosive', 0.55), SMG, PISTOL, GRENADE],
    [use(20, 21, 'bullet', 0.7), PISTOL, GRENADE, KNIFE],
    [use(12, 13, 'explosive', 0.6), PISTOL, GRENADE],
    [use(10, 10, 'bullet', 0.6), PISTOL, GRENADE],
  ],
  [[SMG, PISTOL, GRENADE, KNIFE, use(27, 27, 'syringe', 0)]],
  [
    [SMG, PISTOL, GRENADE, use(14, 14, 'explosive', 0.04), use(19, 19, 'explosive', 0.05)],
    [
      use(23, 22, 'bullet', 0.5),
      use(18, 18, 'explosive', 0.25),
      PISTOL,
      use(14, 14, 'explosive', 0.04),
    ],
  ],
  [
    [
      SMG,
      PISTOL,
      GRENADE,
      use(15, 15, 'explosive', 0.12),
      use(16, 16, 'explosive', 0.1),
      use(26, 26, 'bullet', 0.01),
    ],
  ],
  [
    [
      use(6, 6, 'bullet', 0.6),
      PISTOL,
      GRENADE,
      use(17, 17, 'explosive', 0.1),
      use(1, 1, 'melee', 0.03),
    ],
    [use(7, 7, 'bullet', 0.65), PISTOL, GRENADE, use(17, 17, 'explosive', 0.1)],
    [use(25, 24, 'bullet', 0.7), PISTOL, GRENADE, KNIFE],
  ],
];

export interface Performance {
  readonly skill: number;
  readonly cls: PlayerClass;
  /** 1 Axis, 2 Allies: picks the side's weapon of a pair. */
  readonly side: 1 | 2;
  readonly attacking: boolean;
  readonly playedS: number;
}

function pickByShare(uses: readonly Use[], total: number, random: Random): number {
  let roll = random.next() * total;
  for (let i = 0; i < uses.length; i++) {
    roll -= (uses[i] as Use).share;
    if (roll < 0) return i;
  }
  return 0;
}

/** Figures of one player in one round, realistic enough for charts and leaderboards. */
export function playRound(p: Performance, random: Random): RoundFigures {
  const weapons = new Int32Array(WEAPON_COUNT * 5);
  const ext = new Int32Array(EXTENDED_FIELDS.length);
  const minutes = p.playedS / 60;
  const uses = random.pick(LOADOUTS[p.cls] as (readonly Use[])[]);
  let total = 0;
  for (const u of uses) total += u.share;
  const kills = random.poisson(minutes * 0.95 * p.skill);
  const deaths = random.poisson((minutes * 0.8) / p.skill);
  const killsBy = new Int32Array(uses.length);
  const deathsBy = new Int32Array(uses.length);
  for (let i = 0; i < kills; i++) {
    const j = pickByShare(uses, total, random);
    killsBy[j] = (killsBy[j] as number) + 1;
  }
  for (let i = 0; i < deaths; i++) {
    const j = random.chance(0.75) ? 0 : pickByShare(uses, total, random);
    deathsBy[j] = (deathsBy[j] as number) + 1;
  }
  const revives = p.cls === 1 ? random.poisson(minutes * 0.35) : 0;
  let bulletHits = 0;
  let explosiveKills = 0;
  for (let i = 0; i < uses.length; i++) {
    const u = uses[i] as Use;
    const k = killsBy[i] as number;
    const d = deathsBy[i] as number;
    const at = (p.side === 1 ? u.axis : u.allies) * 5;
    let shots = 0;
    let hits = 0;
    let headshots = 0;
    if (u.kind === 'bullet') {
      const used = i === 0 || k > 0 || d > 0 || random.chance(0.4);
      if (!used) continue;
      shots = k * random.int(15, 40) + Math.round(minutes * random.int(2, 12)) + 1;
      hits = Math.max(
        k,
        Math.round(shots * Math.min(0.6, random.real(0.15, 0.35) * Math.sqrt(p.skill))),
      );
      headshots = random.binomial(hits, random.real(0.03, 0.25));
      bulletHits += hits;
    } else if (u.kind === 'explosive') {
      shots = k + (i === 0 ? 1 : 0) + random.poisson(minutes / 5);
      hits = Math.min(shots, k + random.poisson(0.8));
      explosiveKills += k;
    } else if (u.kind === 'melee') {
      shots = k + random.poisson(0.3);
      hits = Math.min(shots, k + random.poisson(0.2));
    } else {
      hits = revives;
      shots = revives + random.poisson(0.4);
    }
    weapons[at] = (weapons[at] as number) + hits;
    weapons[at + 1] = (weapons[at + 1] as number) + shots;
    weapons[at + 2] = (weapons[at + 2] as number) + k;
    weapons[at + 3] = (weapons[at + 3] as number) + d;
    weapons[at + 4] = (weapons[at + 4] as number) + headshots;
  }
  // The main weapon (index 0) always has a shot, so the mask is never 0: the mod skips such players.

  const playedTenths = Math.max(1, Math.round(p.playedS / 6));
  const deadTenths = Math.min(playedTenths, Math.round((p.playedS * random.real(0.08, 0.45)) / 6));
  const selfKills = random.poisson(minutes * 0.02);
  const teamKills = random.chance(0.08) ? random.int(1, 2) : 0;
  const engineer = p.cls === 2;
  const objectives = p.attacking ? (random.chance(0.12) ? 1 : 0) : 0;
  const repairs = engineer ? random.poisson(minutes * 0.25) : 0;
  ext[EXT.damage_given] =
    bulletHits * random.int(14, 19) + explosiveKills * random.int(90, 140) + random.poisson(30);
  ext[EXT.damage_received] = deaths * random.int(100, 160) + random.poisson(40);
  ext[EXT.team_damage_given] = random.chance(0.2) ? random.int(5, 180) : 0;
  ext[EXT.team_damage_received] = random.chance(0.2) ? random.int(5, 180) : 0;
  ext[EXT.gibs] = random.binomial(kills, 0.35);
  ext[EXT.self_kills] = selfKills;
  ext[EXT.team_kills] = teamKills;
  ext[EXT.team_gibs] = random.binomial(teamKills, 0.3);
  ext[EXT.xp] = kills * 3 + objectives * 15 + revives * 4 + repairs * 3 + random.poisson(6);
  ext[EXT.killing_spree] = kills > 0 ? Math.min(kills, 1 + random.poisson(kills * 0.25)) : 0;
  ext[EXT.death_spree] = deaths > 0 ? Math.min(deaths, 1 + random.poisson(deaths * 0.2)) : 0;
  ext[EXT.kill_assists] = random.poisson(kills * 0.4);
  ext[EXT.kill_steals] = random.poisson(kills * 0.1);
  ext[EXT.headshot_kills] = random.binomial(kills, 0.2);
  ext[EXT.objectives_stolen] = objectives;
  ext[EXT.objectives_returned] = p.attacking ? 0 : random.chance(0.08) ? 1 : 0;
  ext[EXT.dynamites_planted] = engineer && p.attacking ? random.poisson(1) : 0;
  ext[EXT.dynamites_defused] = engineer && !p.attacking ? random.poisson(0.8) : 0;
  ext[EXT.times_revived] = random.binomial(deaths, 0.3);
  ext[EXT.time_played_min] = playedTenths;
  ext[EXT.time_dead_min] = deadTenths;
  ext[EXT.useful_kills] = random.binomial(kills, 0.5);
  ext[EXT.denied_playtime] = kills * random.int(4, 20);
  const doubles = kills >= 2 ? random.poisson(kills / 8) : 0;
  ext[EXT.multikill_2x] = doubles;
  ext[EXT.multikill_3x] = random.binomial(doubles, 0.3);
  ext[EXT.multikill_4x] = random.binomial(ext[EXT.multikill_3x] as number, 0.3);
  ext[EXT.multikill_5x] = random.binomial(ext[EXT.multikill_4x] as number, 0.3);
  ext[EXT.multikill_6x] = random.binomial(ext[EXT.multikill_5x] as number, 0.3);
  ext[EXT.useless_kills] = random.binomial(kills, 0.1);
  ext[EXT.full_selfkills] = random.binomial(selfKills, 0.5);
  ext[EXT.repairs_constructions] = repairs;
  ext[EXT.revives_given] = revives;
  return { weapons, extended: ext };
}
