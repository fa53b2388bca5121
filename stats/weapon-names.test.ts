import { describe, expect, it } from 'vitest';
import { WEAPON_NAMES, weaponLabel } from './fields.ts';
import { WEAPON_DISPLAY_NAMES } from './weapon-names.ts';

describe('weapon display names', () => {
  it('come from the one table, for every weapon of the files', () => {
    expect(Object.keys(WEAPON_DISPLAY_NAMES).sort()).toEqual([...WEAPON_NAMES].sort());
    WEAPON_NAMES.forEach((code, id) => {
      expect(weaponLabel(id)).toBe(WEAPON_DISPLAY_NAMES[code]);
    });
    expect(weaponLabel(99)).toBe('weapon 99');
  });

  it('are written alike: a pistol is not shouted beside a rifle', () => {
    expect(weaponLabel(WEAPON_NAMES.indexOf('WS_COLT'))).toBe('Colt');
    expect(weaponLabel(WEAPON_NAMES.indexOf('WS_THOMPSON'))).toBe('Thompson');
    expect(weaponLabel(WEAPON_NAMES.indexOf('WS_KNIFE_KBAR'))).toBe('Ka-Bar');
    // Only model numbers are capitals: MP40, FG42, K43; no name is a whole word in capitals.
    for (const name of Object.values(WEAPON_DISPLAY_NAMES))
      expect(name, name).not.toMatch(/^[A-Z]{3,}$|\b[A-Z]{3,}[a-z]|_/);
  });
});
