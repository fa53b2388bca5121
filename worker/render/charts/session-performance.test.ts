import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import {
  PERFORMANCE_RANKING,
  type SessionPerformancePlayer,
  sessionPerformanceChart,
} from './session-performance.ts';

const player = (
  name: string,
  dpm: number,
  timePlayedMin = 30,
  lineup = true,
): SessionPerformancePlayer => ({
  name,
  team: 1,
  lineup,
  kills: 10,
  deaths: 5,
  damageGiven: Math.round(dpm * timePlayedMin),
  dpm,
  timePlayedMin,
  timeDeadMin: 4.5,
  deniedPlaytimeS: 75,
});

describe('session performance panel', () => {
  it('ranks by damage given, so a short stint at a high DPM does not top the regulars', () => {
    const regulars = Array.from({ length: 12 }, (_, i) => player(`regular${i}`, 200 + i, 90));
    const cameo = player('cameo', 480, 11);
    const texts = textsOf(sessionPerformanceChart({ players: [cameo, ...regulars] }).tree);
    // 480 DPM × 11 min = 5,280 damage; the weakest regular dealt 200 × 90 = 18,000.
    expect(texts.indexOf('regular11')).toBeLessThan(texts.indexOf('regular0'));
    expect(texts.indexOf('regular0')).toBeLessThan(texts.indexOf('cameo'));
    expect(texts).toContain('Damage');
  });

  it('shows everyone who started a map and states the ranking rule', () => {
    const players = Array.from({ length: 14 }, (_, i) => player(`p${i}`, i * 10 + 1));
    const texts = textsOf(sessionPerformanceChart({ players }).tree);
    for (const p of players) expect(texts).toContain(p.name);
    expect(texts).toContain(PERFORMANCE_RANKING);
    expect(texts.join('\n')).not.toMatch(/more players not shown/);
  });

  it('leaves out substitutes who only played a round 2, and counts them', () => {
    const texts = textsOf(
      sessionPerformanceChart({
        players: [player('starter', 250), player('sub', 600, 8, false)],
      }).tree,
    );
    expect(texts).toContain('starter');
    expect(texts).not.toContain('sub');
    expect(texts).toContain(
      `${PERFORMANCE_RANKING} · 1 substitute who only played a round 2 not shown`,
    );
  });

  it('shows names without colour codes and times as spans', () => {
    const texts = textsOf(sessionPerformanceChart({ players: [player('^1red^7white', 250)] }).tree);
    expect(texts).toContain('redwhite');
    expect(texts).toEqual(
      expect.arrayContaining(['7\u2009500', '250.0', '30m 00s', '4m 30s', '1m 15s']),
    );
  });

  it('says so when the session has no players, and grows with the rows', () => {
    const empty = sessionPerformanceChart({ players: [] });
    expect(textsOf(empty.tree)).toContain('No players in this session');
    const one = sessionPerformanceChart({ players: [player('solo', 0)] });
    const ten = sessionPerformanceChart({
      players: Array.from({ length: 10 }, (_, i) => player(`p${i}`, i)),
    });
    expect(ten.height).toBeGreaterThan(one.height);
    expect(ten.width).toBe(one.width);
  });
});
