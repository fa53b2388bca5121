import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlayerFigures } from '../../queries/session-report.ts';
import { withMetrics } from '../../queries/totals.ts';
import { totalsFixture } from '../../../test/support/totals.ts';
import {
  AWARD_RULES,
  type AwardCandidate,
  awardRuleText,
  EXCLUSIVE,
  MIN_SHOTS,
  sessionAwards,
} from './awards.ts';

const ZERO = totalsFixture();

function player(
  guid: string,
  figures: Partial<Parameters<typeof withMetrics>[0]> & { grenades?: number },
): AwardCandidate {
  const { grenades = 0, ...totals } = figures;
  const all: PlayerFigures = {
    ...withMetrics({ ...ZERO, time_played_min: 60, rounds: 6, ...totals }),
    grenades,
  };
  return { guid, name: guid.toLowerCase(), figures: all };
}

const award = (players: AwardCandidate[], id: string) =>
  sessionAwards(players).find((a) => a.id === id);

describe('session awards', () => {
  it('gives each award to the best player and names the figure that earned it', () => {
    const players = [
      player('AAAA0001', {
        kills: 30,
        deaths: 10,
        damage_given: 6000,
        damage_received: 2000,
        repairs_constructions: 7,
        xp: 300,
        shots: 600,
        hits: 180,
      }),
      player('BBBB0002', {
        kills: 12,
        deaths: 25,
        damage_given: 5000,
        damage_received: 5500,
        team_kills: 3,
        team_damage_given: 240,
        self_kills: 4,
        shots: 900,
        hits: 150,
      }),
      player('CCCC0003', {
        kills: 20,
        deaths: 15,
        damage_given: 3000,
        damage_received: 3000,
        revives_given: 14,
        death_spree: 6,
        useless_kills: 5,
        grenades: 2,
      }),
    ];
    expect(award(players, 'damage_efficiency')).toMatchObject({
      guid: 'AAAA0001',
      figure: '3.00× (6,000 given / 2,000 received)',
    });
    expect(award(players, 'chief_engineer')).toMatchObject({
      guid: 'AAAA0001',
      figure: '7 repairs/constructions',
    });
    expect(award(players, 'tank')).toMatchObject({
      guid: 'BBBB0002',
      figure: '5,500 damage received',
    });
    expect(award(players, 'teamkiller')).toMatchObject({
      guid: 'BBBB0002',
      figure: '3 teamkills (240 team damage)',
    });
    expect(award(players, 'self_destruct')).toMatchObject({
      guid: 'BBBB0002',
      figure: '4 self-kills',
    });
    expect(award(players, 'spray_and_pray')).toMatchObject({
      guid: 'BBBB0002',
      figure: '75.0 shots per kill (16.7% accuracy)',
    });
    // BBBB0002 dealt and took the most together, but holds Tank; AAAA0001 holds Damage efficiency.
    expect(award(players, 'glass_cannon')?.guid).toBe('CCCC0003');
    expect(award(players, 'medic')).toMatchObject({ guid: 'CCCC0003', figure: '14 revives' });
    expect(award(players, 'worst_death_spree')).toMatchObject({
      guid: 'CCCC0003',
      figure: '6 deaths in a row',
    });
    expect(award(players, 'useless_kills')).toMatchObject({
      guid: 'CCCC0003',
      figure: '5 useless kills',
    });
    expect(award(players, 'grenadier')).toMatchObject({
      guid: 'CCCC0003',
      figure: '2 grenade kills',
    });
    expect(award(players, 'top_scorer')).toMatchObject({ guid: 'AAAA0001', figure: '300 XP' });
  });

  it('leaves out awards nobody earned, and keeps the order of the rules', () => {
    const awards = sessionAwards([
      player('AAAA0001', { kills: 3, deaths: 1 }),
      player('BBBB0002', { kills: 1, deaths: 2 }),
    ]);
    expect(awards.map((a) => a.id)).not.toContain('medic');
    expect(awards.map((a) => a.id)).not.toContain('teamkiller');
    const order = AWARD_RULES.map((r) => r.id);
    expect(awards.map((a) => order.indexOf(a.id))).toEqual(
      [...awards.map((a) => order.indexOf(a.id))].sort((x, y) => x - y),
    );
  });

  it('keeps ratio awards from someone who played a sliver of the session', () => {
    const regular = player('AAAA0001', {
      kills: 20,
      deaths: 10,
      damage_given: 4000,
      damage_received: 2000,
      shots: 500,
      hits: 100,
      time_played_min: 100,
    });
    const cameo = player('BBBB0002', {
      kills: 3,
      deaths: 0,
      damage_given: 900,
      damage_received: 50,
      shots: MIN_SHOTS,
      hits: 60,
      time_played_min: 10,
    });
    expect(award([regular, cameo], 'damage_efficiency')?.guid).toBe('AAAA0001');
    expect(award([regular, cameo], 'sharpshooter')?.guid).toBe('AAAA0001');
    // Counts are not ratios: the cameo still competes there.
    expect(
      award([regular, player('BBBB0002', { revives_given: 2, time_played_min: 10 })], 'medic')
        ?.guid,
    ).toBe('BBBB0002');
  });

  it('gives no award for a figure the files did not carry (older mods: null, never 0)', () => {
    const unknown = {
      revives_given: null,
      multikill_2x: null,
      multikill_3x: null,
      multikill_4x: null,
      multikill_5x: null,
      multikill_6x: null,
    };
    const ids = sessionAwards([
      player('AAAA0001', { kills: 30, deaths: 10, ...unknown }),
      player('AAAA0002', { kills: 10, deaths: 30, ...unknown }),
    ]).map((a) => a.id);
    expect(ids).not.toContain('multikill');
    expect(ids.some((id) => id.includes('reviv') || id === 'medic')).toBe(false);
    // Known in one player's rounds only: it goes to that player.
    const mixed = sessionAwards([
      player('AAAA0001', { kills: 30, ...unknown }),
      player('AAAA0002', { kills: 10, revives_given: 4 }),
    ]);
    const revives = mixed.find((a) => a.figure.includes('revive'));
    expect(revives?.guid).toBe('AAAA0002');
  });

  it('says how many others tied, naming the first by name', () => {
    const players = [
      player('BBBB0002', { gibs: 5 }),
      player('AAAA0001', { gibs: 5 }),
      player('CCCC0003', { gibs: 4 }),
    ];
    expect(award(players, 'butcher')).toMatchObject({
      guid: 'AAAA0001',
      tiedWith: 1,
      figure: '5 gibs',
    });
  });

  it('never gives one player awards that contradict each other', () => {
    // The same player deals the most, takes the most, has the best ratio and the best aim with the
    // most shots per kill: each group's awards go to different players.
    const everything = player('AAAA0001', {
      kills: 10,
      damage_given: 9000,
      damage_received: 6000,
      shots: 2000,
      hits: 900,
    });
    const steady = player('BBBB0002', {
      kills: 20,
      damage_given: 4000,
      damage_received: 3000,
      shots: 800,
      hits: 200,
    });
    const quiet = player('CCCC0003', {
      kills: 8,
      damage_given: 2000,
      damage_received: 2500,
      shots: 400,
      hits: 60,
    });
    const awards = sessionAwards([everything, steady, quiet]);
    const holder = (id: string) => awards.find((a) => a.id === id)?.guid;
    expect(holder('damage_efficiency')).toBe('AAAA0001');
    expect(holder('tank')).toBe('BBBB0002');
    expect(holder('glass_cannon')).toBe('CCCC0003');
    expect(holder('sharpshooter')).toBe('AAAA0001');
    expect(holder('spray_and_pray')).toBe('CCCC0003');
    for (const group of Object.values(EXCLUSIVE)) {
      const holders = awards.filter((a) => (group as readonly string[]).includes(a.id));
      expect(new Set(holders.map((a) => a.guid)).size).toBe(holders.length);
    }
  });

  it('has a written rule for every award, listed in the README as the code has it', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const r of AWARD_RULES) {
      expect(awardRuleText(r.id), r.id).toMatch(/^[A-Z].* .*\.$/);
      expect(readme, r.id).toContain(`| ${r.emoji} ${r.title} | ${awardRuleText(r.id)} |`);
    }
    expect(awardRuleText('tank')).toContain(
      'at most one of Damage efficiency, Tank and Glass cannon',
    );
    expect(awardRuleText('damage_dealer')).toContain('at least 25% of the session’s longest time');
  });
});
