import { WEAPON_COUNT } from '../fields.ts';
import type { WeaponLine } from '../round.ts';

/**
 * stats.lua's `weaponStats`: the c0rnp0rn player string from the weapon mask to field 9, split at
 * blanks (`luascripts/stats/stats.lua`, `stats.store`): the mask, five numbers per weapon whose bit is
 * set (hits, shots, kills, deaths, headshots), then damage given and received, team damage given and
 * received, gibs, self kills, team kills, team gibs, time alive % and XP. They are the engine's session
 * counters, so a round-2 payload holds both rounds' totals, as a round-2 file does.
 */
export interface WeaponStatsRead {
  readonly weapons: readonly WeaponLine[];
  /** Extended fields 0–9, in file order. */
  readonly tail: readonly number[];
}

export const TAIL_FIELDS = 10;

export type WeaponStatsResult =
  | { readonly ok: true; readonly value: WeaponStatsRead }
  | { readonly ok: false; readonly reason: string };

const NUMBER = /^-?\d{1,15}(\.\d+)?$/;

export function readWeaponStats(tokens: readonly string[]): WeaponStatsResult {
  if (tokens.length === 0) return { ok: false, reason: 'is empty; expected the weapon mask first' };
  for (const [i, token] of tokens.entries())
    if (!NUMBER.test(token))
      return { ok: false, reason: `[${i}] "${token.slice(0, 20)}" is not a number` };
  const mask = Number(tokens[0]);
  if (!Number.isInteger(mask) || mask < 0 || mask >= 2 ** WEAPON_COUNT)
    return {
      ok: false,
      reason: `[0] weapon mask ${tokens[0]} is not a mask of ${WEAPON_COUNT} weapons`,
    };
  const ids: number[] = [];
  for (let id = 0; id < WEAPON_COUNT; id++) if (mask & (1 << id)) ids.push(id);
  const expected = 1 + ids.length * 5 + TAIL_FIELDS;
  if (tokens.length !== expected)
    return {
      ok: false,
      reason: `has ${tokens.length} numbers; its mask names ${ids.length} weapons, so ${expected} were expected`,
    };
  const at = (i: number) => Number(tokens[i]);
  const weapons = ids.map((weapon, k) => {
    const o = 1 + k * 5;
    return {
      weapon,
      hits: at(o),
      shots: at(o + 1),
      kills: at(o + 2),
      deaths: at(o + 3),
      headshots: at(o + 4),
    };
  });
  const tail = tokens.slice(1 + ids.length * 5).map(Number);
  return { ok: true, value: { weapons, tail } };
}
