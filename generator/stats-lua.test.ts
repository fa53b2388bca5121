import { describe, expect, it } from 'vitest';
import { EXTENDED_FIELDS, type ExtendedKey } from '../stats/fields.ts';
import type { PlayerRound } from '../stats/figures.ts';
import { deriveFiles } from '../test/support/derive-files.ts';
import { generateCorpus } from './index.ts';
import { statsLuaPayloads } from './stats-lua.ts';

/** What a stats.lua payload carries (fields 0–9) or its events determine. */
const STATS_LUA_KEYS: readonly ExtendedKey[] = [
  ...EXTENDED_FIELDS.slice(0, 10).map((f) => f.key),
  'killing_spree',
  'death_spree',
  'kill_assists',
  'headshot_kills',
  'objectives_stolen',
  'objectives_returned',
  'dynamites_planted',
  'dynamites_defused',
  'times_revived',
  'revives_given',
  'time_played_min',
  'time_dead_min',
];

const encoder = new TextEncoder();

/**
 * Time dead with no death in the round is time spent waiting for a first spawn after joining: no event
 * of the log marks a join, so a payload's time dead is 0 there. The only figure events cannot carry.
 */
const waitedForFirstSpawn = (p: PlayerRound) =>
  p.totals.death_spree === 0 && (p.totals.time_dead_min ?? 0) > 0;

function carried(p: PlayerRound, fromFile: boolean) {
  const { kills, deaths, hits, shots, headshot_hits } = p.totals;
  const figures = Object.fromEntries(STATS_LUA_KEYS.map((k) => [k, p.totals[k]]));
  if (fromFile && waitedForFirstSpawn(p)) figures.time_dead_min = 0;
  return {
    guid: p.guid,
    name: p.nameRaw,
    team: p.team,
    joinedInR2: p.joinedInR2,
    reconnected: p.reconnected,
    leftEarly: p.leftEarly,
    weapons: p.weapons,
    totals: { kills, deaths, hits, shots, headshot_hits },
    figures,
  };
}

describe('stats.lua payloads from the simulated evenings', () => {
  const corpus = generateCorpus({ seed: 15, evenings: 3, players: 14 });
  const payloads = statsLuaPayloads(corpus.files);
  const asFiles = payloads.map((p) => ({
    name: p.name,
    bytes: encoder.encode(JSON.stringify(p.payload)),
  }));
  const fromFiles = deriveFiles(corpus.files);
  const fromPayloads = deriveFiles(asFiles);

  it('gives one payload per readable round, and every payload reads', () => {
    expect(payloads.length).toBe(fromFiles.size);
    expect(fromPayloads.size).toBe(payloads.length);
  });

  it('yields per round the same figures the payload carries or its events determine', () => {
    let compared = 0;
    for (const p of payloads) {
      const file = fromFiles.get(p.roundFile);
      const lua = fromPayloads.get(p.name);
      expect(lua, p.name).toBeDefined();
      expect(lua?.round.header.map).toBe(file?.round.header.map);
      expect(lua?.match === null).toBe(file?.match === null);
      expect(lua?.r2PerRound).toBe(file?.r2PerRound);
      expect(lua?.mapScore).toEqual(file?.mapScore);
      expect(
        lua?.players?.map((x) => carried(x, false)),
        p.name,
      ).toEqual(file?.players?.map((x) => carried(x, true)));
      compared += file?.players?.length ?? 0;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('leaves what the payload does not carry unknown, never 0', () => {
    const some = [...fromPayloads.values()].find((r) => (r.players?.length ?? 0) > 0);
    const player = some?.players?.[0];
    expect(player?.totals.kill_steals).toBeNull();
    expect(player?.totals.useful_kills).toBeNull();
    expect(player?.totals.multikill_2x).toBeNull();
    expect(player?.totals.bullets_fired).toBeNull();
    expect(player?.totals.mod_dpm).toBeNull();
  });
});
