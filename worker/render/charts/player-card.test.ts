import { describe, expect, it } from 'vitest';
import { elementsOfType, textsOf } from '../element.ts';
import { type PlayerCardInput, playerCardChart } from './player-card.ts';

const card: PlayerCardInput = {
  name: '^3Mixi^76',
  totals: {
    rounds: 66,
    kills: 300,
    deaths: 200,
    dpm: 234.12,
    accuracyPct: 29.2,
    headshotPct: 11.3,
    timePlayedMin: 600,
    damageGiven: 140000,
    damageReceived: 100000,
  },
  topWeapons: ['MP40', 'Thompson', 'Luger', 'Colt', 'K43', 'Garand'].map((weapon, i) => ({
    weapon,
    kills: 100 - i * 10,
    accuracyPct: 30,
  })),
  trend: {
    metric: 'DPM',
    points: [
      { label: '09-04', value: 200 },
      { label: '09-12', value: null },
      { label: '09-19', value: 250 },
    ],
  },
};

describe('player card', () => {
  it('shows the key numbers computed from the totals', () => {
    const texts = textsOf(playerCardChart(card).tree);
    expect(texts[0]).toBe('Mixi6');
    expect(texts).toEqual(
      expect.arrayContaining(['1.50', '234.1', '1.40', '29.2%', '11.3%', '66', '10h 00m played']),
    );
  });

  it('lists the top 5 weapons and plots the trend with its gaps', () => {
    const chart = playerCardChart(card);
    const texts = textsOf(chart.tree);
    expect(texts).toContain('K43');
    expect(texts).not.toContain('Garand');
    expect(texts).toContain('DPM by session');
    expect(elementsOfType(chart.tree, 'circle')).toHaveLength(2);
  });

  it('has dashes, not zeros, for ratios of a player who never fired or was never hit', () => {
    const texts = textsOf(
      playerCardChart({
        ...card,
        totals: {
          ...card.totals,
          kills: 0,
          deaths: 0,
          accuracyPct: null,
          headshotPct: null,
          damageReceived: 0,
        },
        topWeapons: [],
        trend: { metric: 'DPM', points: [] },
      }).tree,
    );
    expect(texts.filter((t) => t === '–')).toHaveLength(4);
    expect(texts).toEqual(expect.arrayContaining(['No weapon kills yet', 'No sessions yet']));
  });
});
