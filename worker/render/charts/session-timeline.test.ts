import { describe, expect, it } from 'vitest';
import { elementsOfType, textsOf } from '../element.ts';
import { sessionTimelineChart } from './session-timeline.ts';

describe('session timeline', () => {
  it('draws one line per player across the maps in play order', () => {
    const chart = sessionTimelineChart({
      metric: 'DPM',
      xLabels: ['supply', 'radar', 'supply'],
      players: [
        { name: 'a', values: [100, 200, 150] },
        { name: 'b', values: [90, 80, 70] },
      ],
    });
    expect(elementsOfType(chart.tree, 'polyline')).toHaveLength(2);
    expect(textsOf(chart.tree).filter((t) => t === 'supply')).toHaveLength(2);
  });

  it('breaks a line where the player sat a map out', () => {
    const chart = sessionTimelineChart({
      metric: 'Kills',
      xLabels: ['m1', 'm2', 'm3', 'm4', 'm5'],
      players: [{ name: 'a', values: [1, 2, null, 4, 5] }],
    });
    expect(elementsOfType(chart.tree, 'polyline')).toHaveLength(2);
    expect(elementsOfType(chart.tree, 'circle')).toHaveLength(4);
  });

  it('refuses values that do not match the maps one to one', () => {
    expect(() =>
      sessionTimelineChart({
        metric: 'DPM',
        xLabels: ['m1', 'm2'],
        players: [{ name: 'a', values: [1] }],
      }),
    ).toThrow(/1 values for 2 maps/);
  });

  it('draws the 10 best on average and counts the rest', () => {
    const players = Array.from({ length: 13 }, (_, i) => ({ name: `p${i}`, values: [i, i] }));
    const chart = sessionTimelineChart({ metric: 'DPM', xLabels: ['m1', 'm2'], players });
    expect(elementsOfType(chart.tree, 'polyline')).toHaveLength(10);
    expect(textsOf(chart.tree)).toContain('+3 more players not shown');
    expect(textsOf(chart.tree)).not.toContain('p2');
  });
});
