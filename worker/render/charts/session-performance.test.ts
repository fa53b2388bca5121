import { describe, expect, it } from 'vitest';
import { textsOf } from '../element.ts';
import { type SessionPerformancePlayer, sessionPerformanceChart } from './session-performance.ts';

const player = (name: string, dpm: number): SessionPerformancePlayer => ({
  name,
  team: 1,
  kills: 10,
  deaths: 5,
  dpm,
  timePlayedMin: 30,
  timeDeadMin: 4.5,
  deniedPlaytimeS: 75,
});

describe('session performance panel', () => {
  it('ranks by DPM and shows the top 10, counting the rest', () => {
    const players = Array.from({ length: 50 }, (_, i) => player(`p${i}`, i * 10));
    const texts = textsOf(sessionPerformanceChart({ players }).tree);
    expect(texts).toContain('p49');
    expect(texts).toContain('p40');
    expect(texts).not.toContain('p39');
    expect(texts.indexOf('p49')).toBeLessThan(texts.indexOf('p48'));
    expect(texts).toContain('+40 more players not shown');
  });

  it('shows names without colour codes and times as spans', () => {
    const texts = textsOf(sessionPerformanceChart({ players: [player('^1red^7white', 250)] }).tree);
    expect(texts).toContain('redwhite');
    expect(texts).toEqual(expect.arrayContaining(['250.0', '30m 00s', '4m 30s', '1m 15s']));
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
