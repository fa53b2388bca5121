import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY } from '../../../test/support/community.ts';
import { WEAPON_NAMES } from '../../../stats/fields.ts';
import { loadTruth } from '../../../test/support/corpus.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import {
  MAX_CHOICES,
  mapChoices,
  matchWeapons,
  playerChoices,
  weaponChoices,
} from './autocomplete.ts';
import { botReplay, openCorpusDatabaseWith } from '../../../test/support/corpus-database.ts';

const truth = loadTruth();
let handle: DatabaseHandle;

beforeAll(async () => {
  /** A corpus round replayed a day after the corpus by bots named like humans ("[BOT]iamez0"…). */
  handle = await openCorpusDatabaseWith([
    botReplay(
      '2025-09-04-202728-frostbite-round-1.txt',
      '2025-10-14-210000-frostbite-round-1.txt',
      { firstBot: 70, namePrefix: 'iamez' },
    ),
  ]);
});
afterAll(() => handle.close());
const services = () => ({ db: handle.db, community: DEFAULT_COMMUNITY });

describe('playerChoices', () => {
  it('offers humans before bots, whole and starting matches before parts, GUIDs as values', async () => {
    const choices = await playerChoices(services(), 'iamez');
    const values = choices.map((c) => String(c.value));
    const firstBot = values.findIndex((v) => v.startsWith('OMNIBOT'));
    expect(firstBot).toBeGreaterThan(0);
    expect(values.slice(firstBot).every((v) => v.startsWith('OMNIBOT'))).toBe(true);
    const humans = values.slice(0, firstBot);
    expect(new Set(humans)).toEqual(new Set(['3B8367DC', '5B8AAA46', 'AB63AD02', 'EF8ACD12']));
    expect(choices[firstBot]!.name).toMatch(/^\[BOT\]iamez\d · OMNIBOT\d+ · bot$/);
  });

  it('shows the old name that matched next to the current one', async () => {
    const rounds = truth.rounds
      .filter((r) => r.players?.['EB9AC688'])
      .sort((a, b) => a.file.localeCompare(b.file));
    const latest = rounds.at(-1)!.players!['EB9AC688']!.name.replace(/\^[\s\S]/g, '');
    expect(latest).not.toBe('p_38');
    const [choice] = await playerChoices(services(), 'p_38');
    expect(choice).toEqual({ name: `${latest} (as p_38) · EB9AC688`, value: 'EB9AC688' });
  });

  it('never offers more than 25, and offers the most recent players for empty text', async () => {
    const all = await playerChoices(services(), '');
    expect(all).toHaveLength(MAX_CHOICES);
    expect(all.every((c) => typeof c.value === 'string' && c.name.length <= 100)).toBe(true);
    expect((await playerChoices(services(), 'e')).length).toBeLessThanOrEqual(MAX_CHOICES);
  });

  it('finds a player by the start of their GUID', async () => {
    const guid = Object.keys(truth.players).find((g) => !truth.players[g]!.bot)!;
    expect(
      (await playerChoices(services(), guid.slice(0, 5).toLowerCase())).map((c) => c.value),
    ).toContain(guid);
  });
});

describe('mapChoices', () => {
  it('offers maps starting with the text before maps containing it, with how often each was played', async () => {
    const choices = await mapChoices(services(), 'gold');
    expect(choices.map((c) => c.value)).toEqual(['goldrush', 'sw_goldrush_te']);
    const rounds = truth.rounds.filter((r) => r.map === 'goldrush').length;
    expect(choices[0]!.name).toBe(`goldrush · ${rounds} rounds`);
    expect(await mapChoices(services(), '_')).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'etl_ice' })]),
    );
    expect(await mapChoices(services(), '%')).toEqual([]);
  });
});

describe('weapon matching', () => {
  it('matches the WS_ name, the label and the id, whole matches first', () => {
    expect(matchWeapons('WS_MP40')).toEqual([WEAPON_NAMES.indexOf('WS_MP40')]);
    expect(matchWeapons('knife')).toEqual([
      WEAPON_NAMES.indexOf('WS_KNIFE'),
      WEAPON_NAMES.indexOf('WS_KNIFE_KBAR'),
    ]);
    expect(matchWeapons('knife kbar')).toEqual([WEAPON_NAMES.indexOf('WS_KNIFE_KBAR')]);
    expect(matchWeapons('grenade')[0]).toBe(WEAPON_NAMES.indexOf('WS_GRENADE'));
    expect(matchWeapons('zzz')).toEqual([]);
    expect(weaponChoices('')).toHaveLength(25);
    expect(weaponChoices('thom')).toEqual([
      { name: 'Thompson (WS_THOMPSON)', value: 'WS_THOMPSON' },
    ]);
  });
});
