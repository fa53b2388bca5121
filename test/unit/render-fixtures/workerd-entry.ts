import { createWorkerdRenderer } from '../../../worker/render/render-workerd.ts';
import { buildChart, isChartName } from './chart-registry.ts';

/**
 * A tiny Worker for the workerd test and the benchmark: POST { chart, input, repeat? } and get the
 * PNG back, with each render's milliseconds (chart building + satori + resvg) in `x-render-ms`.
 */
const renderer = createWorkerdRenderer();

interface RenderRequest {
  chart: string;
  input: unknown;
  repeat?: number;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as RenderRequest;
    if (!isChartName(body.chart))
      return new Response(`unknown chart "${body.chart}"`, { status: 400 });
    const times: number[] = [];
    let png = new Uint8Array();
    try {
      for (let i = 0; i < Math.max(1, body.repeat ?? 1); i++) {
        const started = performance.now();
        const chart = buildChart(body.chart, body.input);
        png = await renderer.renderPng(chart.tree, chart);
        times.push(performance.now() - started);
      }
    } catch (error) {
      return new Response(
        `render failed: ${error instanceof Error ? error.stack : String(error)}`,
        { status: 500 },
      );
    }
    return new Response(png, {
      headers: {
        'content-type': 'image/png',
        'x-render-ms': times.map((t) => t.toFixed(2)).join(','),
      },
    });
  },
};
