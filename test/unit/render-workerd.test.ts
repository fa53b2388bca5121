import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeRenderer } from '../../worker/render/render-node.ts';
import { CHART_CASES } from './render-fixtures/cases.ts';
import { buildChart } from './render-fixtures/chart-registry.ts';
import { comparePixels, decodePng, isPng } from './render-fixtures/png.ts';
import { type RenderWorker, startRenderWorker } from './render-fixtures/workerd-harness.ts';

/**
 * The Worker backend in real workerd: the entry is bundled by `wrangler deploy --dry-run` (wasm as
 * compiled modules, fonts as Data modules) and run by Miniflare. Its images must match Node's.
 */
const IN_WORKERD = [
  'session-performance',
  'session-efficiency',
  'session-timeline',
  'session-results',
  'player-card',
  'compare-radar',
  'leaderboard',
  'map',
  'weapon',
  'edge-performance-odd-names',
];

let worker: RenderWorker;
const node = createNodeRenderer();

beforeAll(async () => {
  worker = await startRenderWorker();
});

afterAll(async () => {
  await worker?.dispose();
});

describe('rendering charts inside workerd', () => {
  for (const c of CHART_CASES.filter((k) => IN_WORKERD.includes(k.name))) {
    it(`${c.name}: a PNG of the laid-out size, the same as the Node rendering`, async () => {
      const input = c.input();
      const chart = buildChart(c.chart, input);
      const { png } = await worker.render(c.chart, input);
      expect(isPng(png)).toBe(true);
      const pixels = decodePng(png);
      expect([pixels.width, pixels.height]).toEqual([chart.width, chart.height]);
      const diff = comparePixels(decodePng(await node.renderPng(chart.tree, chart)), pixels);
      expect(diff.sameSize).toBe(true);
      expect(diff.differing).toBeLessThanOrEqual(0.0001);
    });
  }

  it('reports a chart that cannot be drawn instead of returning an image', async () => {
    const bad = { metric: 'DPM', xLabels: ['a', 'b'], players: [{ name: 'x', values: [1] }] };
    await expect(worker.render('sessionTimeline', bad)).rejects.toThrow(
      /500: render failed: Error: timeline/,
    );
  });
});
