// Chart render time per chart (median of 20 after warm-up) in Node and in workerd, and peak memory.
// Target: every chart under 150 ms in workerd.
import { readdirSync, readFileSync } from 'node:fs';
import { createNodeRenderer } from '../worker/render/render-node.ts';
import { CHART_CASES } from '../test/unit/render-fixtures/cases.ts';
import { buildChart } from '../test/unit/render-fixtures/chart-registry.ts';
import { startRenderWorker } from '../test/unit/render-fixtures/workerd-harness.ts';

const WARM_UP = 3;
const RUNS = 20;
const TARGET_MS = 150;
const BENCHED = CHART_CASES.filter((c) => c.golden);

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Peak and current resident memory of the workerd processes this process started (Linux /proc). */
function workerdMemory(): { peakKb: number; rssKb: number } | null {
  try {
    const parents = new Map<number, number>();
    const names = new Map<number, string>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
        parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
      } catch {
        // the process ended while we looked
      }
    }
    const mine = (pid: number): boolean => {
      for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
        if (p === process.pid) return true;
      return false;
    };
    let peakKb = 0;
    let rssKb = 0;
    for (const [pid, name] of names) {
      if (!name.startsWith('workerd') || !mine(pid)) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peakKb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    }
    return peakKb > 0 ? { peakKb, rssKb } : null;
  } catch {
    return null;
  }
}

async function benchNode(): Promise<void> {
  const renderer = createNodeRenderer();
  let peakRss = 0;
  let peakHeap = 0;
  let peakExternal = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external);
  };
  const first = BENCHED[0]!;
  const cold = performance.now();
  const firstChart = buildChart(first.chart, first.input());
  await renderer.renderPng(firstChart.tree, firstChart);
  console.log(
    `node    first render (wasm + fonts load): ${(performance.now() - cold).toFixed(0)} ms`,
  );
  for (const c of BENCHED) {
    const input = c.input();
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const started = performance.now();
      const chart = buildChart(c.chart, input);
      await renderer.renderPng(chart.tree, chart);
      if (i >= WARM_UP) times.push(performance.now() - started);
      sample();
    }
    console.log(
      `node    ${c.name.padEnd(28)} median ${median(times).toFixed(1).padStart(6)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
    );
  }
  // resvg-js 2.6 does not tell V8 about its native memory, so RSS grows until a GC happens to run.
  console.log(
    `node    peak RSS ${mb(peakRss)}, peak heap used ${mb(peakHeap)}, peak external (wasm) ${mb(peakExternal)}`,
  );
}

async function benchWorkerd(): Promise<void> {
  const worker = await startRenderWorker();
  try {
    const first = BENCHED[0]!;
    const cold = await worker.render(first.chart, first.input());
    console.log(`workerd first render (wasm + fonts load): ${cold.timesMs[0]?.toFixed(0)} ms`);
    const slow: string[] = [];
    for (const c of BENCHED) {
      const { timesMs } = await worker.render(c.chart, c.input(), WARM_UP + RUNS);
      const times = timesMs.slice(WARM_UP);
      const m = median(times);
      if (m >= TARGET_MS) slow.push(c.name);
      console.log(
        `workerd ${c.name.padEnd(28)} median ${m.toFixed(1).padStart(6)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
      );
    }
    const memory = workerdMemory();
    console.log(
      memory
        ? `workerd peak RSS ${mb(memory.peakKb * 1024)}, RSS now ${mb(memory.rssKb * 1024)} (whole workerd process)`
        : 'workerd memory: not measurable on this platform',
    );
    console.log(
      slow.length === 0
        ? `workerd: every chart under ${TARGET_MS} ms`
        : `workerd: over ${TARGET_MS} ms: ${slow.join(', ')}`,
    );
  } finally {
    await worker.dispose();
  }
}

export default async function benchRender(): Promise<void> {
  await benchNode();
  await benchWorkerd();
}
