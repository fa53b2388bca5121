import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHART_CASES } from '../../test/unit/render-fixtures/cases.ts';
import { buildChart } from '../../test/unit/render-fixtures/chart-registry.ts';
import { samplePerformance } from '../../test/unit/render-fixtures/corpus-samples.ts';
import { comparePixels, decodePng, isPng } from '../../test/unit/render-fixtures/png.ts';
import { sessionPerformanceChart } from './charts/session-performance.ts';
import { createNodeRenderer } from './render-node.ts';

/**
 * Every chart drawn from fixed data and compared with its committed image, pixel by pixel.
 * `UPDATE_GOLDEN=1 npx vitest run --project unit worker/render/golden.test.ts` rewrites the images;
 * every rendering is also written to `.render-out/` (git-ignored) for a person to look at.
 */
const GOLDEN_DIR = fileURLToPath(new URL('./__golden__/', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../../.render-out/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
/**
 * Share of pixels allowed to differ by more than 32 levels in a channel: room for anti-aliasing
 * noise between platforms, yet one changed number (several hundred pixels) is well above it.
 */
const TOLERANCE = 0.0001;

const renderer = createNodeRenderer();
mkdirSync(OUT_DIR, { recursive: true });

async function render(name: string, chart: ReturnType<typeof buildChart>): Promise<Uint8Array> {
  const png = await renderer.renderPng(chart.tree, chart);
  writeFileSync(`${OUT_DIR}${name}.png`, png);
  return png;
}

describe('chart images', () => {
  for (const c of CHART_CASES) {
    it(`${c.name} renders${c.golden ? ' as its golden image' : ' at its laid-out size'}`, async () => {
      const chart = buildChart(c.chart, c.input());
      const png = await render(c.name, chart);
      expect(isPng(png)).toBe(true);
      const pixels = decodePng(png);
      expect([pixels.width, pixels.height]).toEqual([chart.width, chart.height]);
      if (!c.golden) return;
      const golden = `${GOLDEN_DIR}${c.name}.png`;
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(golden, png);
        return;
      }
      if (!existsSync(golden))
        throw new Error(
          `no golden image ${c.name}.png: look at .render-out/${c.name}.png, then run with UPDATE_GOLDEN=1`,
        );
      const diff = comparePixels(decodePng(new Uint8Array(readFileSync(golden))), pixels);
      expect(diff.sameSize, `${c.name}: size differs from the golden image`).toBe(true);
      expect(
        diff.differing,
        `${c.name}: ${(diff.differing * 100).toFixed(3)}% of pixels differ (see .render-out/${c.name}.png)`,
      ).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('notices when one figure in a chart changes', async () => {
    const input = samplePerformance();
    const [first, ...rest] = [...input.players].sort((a, b) => b.dpm - a.dpm);
    const changed = { ...input, players: [{ ...first!, kills: first!.kills + 111 }, ...rest] };
    const png = await render('changed-performance', sessionPerformanceChart(changed));
    const golden = decodePng(new Uint8Array(readFileSync(`${GOLDEN_DIR}session-performance.png`)));
    const diff = comparePixels(golden, decodePng(png));
    expect(diff.sameSize).toBe(true);
    expect(diff.differing).toBeGreaterThan(TOLERANCE);
  });
});
