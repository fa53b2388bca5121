import { describe, expect, it } from 'vitest';
import type { SessionPlayer } from '../../queries/session-report.ts';
import { withMetrics } from '../../queries/totals.ts';
import { totalsFixture } from '../../../test/support/totals.ts';
import { sessionMvp, teamTotals } from './team-summary.ts';

function player(
  guid: string,
  team: 'A' | 'B' | null,
  figures: { damage: number; minutes: number; kills: number; revives?: number | null },
): SessionPlayer {
  const totals = {
    ...totalsFixture(() => 0),
    damage_given: figures.damage,
    time_played_min: figures.minutes,
    kills: figures.kills,
    deaths: 5,
    revives_given: figures.revives === undefined ? 1 : figures.revives,
  };
  return { guid, name: guid, lineup: true, team, figures: { ...withMetrics(totals), grenades: 0 } };
}

describe('sessionMvp', () => {
  it('is the best DPM among those with at least half the longest time played', () => {
    const players = [
      player('LONG', 'A', { damage: 12_000, minutes: 40, kills: 30 }), // 300 DPM
      player('HOT', 'B', { damage: 9_000, minutes: 19, kills: 20 }), // 473.7 DPM, under half of 40 min
      player('HALF', 'B', { damage: 6_400, minutes: 20, kills: 15 }), // 320 DPM, exactly half
    ];
    expect(sessionMvp(players)?.guid).toBe('HALF');
    expect(sessionMvp(players.slice(0, 2))?.guid).toBe('LONG');
  });

  it('breaks a DPM tie by kills, then by GUID', () => {
    const players = [
      player('B2', 'A', { damage: 6_000, minutes: 20, kills: 10 }),
      player('A1', 'B', { damage: 6_000, minutes: 20, kills: 12 }),
      player('A0', 'B', { damage: 6_000, minutes: 20, kills: 10 }),
    ];
    expect(sessionMvp(players)?.guid).toBe('A1');
    expect(sessionMvp([players[0]!, players[2]!])?.guid).toBe('A0');
  });

  it('names nobody when nobody dealt damage', () => {
    expect(sessionMvp([player('Z', 'A', { damage: 0, minutes: 30, kills: 0 })])).toBeNull();
    expect(sessionMvp([])).toBeNull();
  });
});

describe('teamTotals', () => {
  it('sums each team and takes its DPM over its players’ time played', () => {
    const totals = teamTotals([
      player('A1', 'A', { damage: 6_000, minutes: 20, kills: 10 }),
      player('A2', 'A', { damage: 2_000, minutes: 5, kills: 2, revives: null }),
      player('N', null, { damage: 99_999, minutes: 60, kills: 99 }),
    ]);
    expect(totals).toEqual([
      {
        team: 'A',
        players: 2,
        kills: 12,
        deaths: 10,
        damageGiven: 8_000,
        minutes: 25,
        dpm: 320,
        revives: 1,
      },
    ]);
  });

  it('says revives are unknown when no player of the team carried them', () => {
    const [b] = teamTotals([
      player('B1', 'B', { damage: 10, minutes: 1, kills: 0, revives: null }),
    ]);
    expect(b?.revives).toBeNull();
  });
});
