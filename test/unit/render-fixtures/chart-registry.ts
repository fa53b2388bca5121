import * as charts from '../../../worker/render/charts/index.ts';
import type { Chart } from '../../../worker/render/element.ts';

/**
 * Every chart by name, taking its input as plain JSON: lets the workerd test and the benchmark send
 * the same inputs to the Worker that the Node tests render. Bundle-safe (no Node imports).
 */
export const CHARTS = {
  sessionPerformance: charts.sessionPerformanceChart,
  sessionEfficiency: charts.sessionEfficiencyChart,
  sessionTimeline: charts.sessionTimelineChart,
  sessionResults: charts.sessionResultsChart,
  playerCard: charts.playerCardChart,
  compareRadar: charts.compareRadarChart,
  leaderboard: charts.leaderboardChart,
  map: charts.mapChart,
  mapDetail: charts.mapDetailChart,
  weapon: charts.weaponChart,
} as const;

export type ChartName = keyof typeof CHARTS;

export function isChartName(name: string): name is ChartName {
  return Object.hasOwn(CHARTS, name);
}

export function buildChart(name: ChartName, input: unknown): Chart {
  return (CHARTS[name] as (input: unknown) => Chart)(input);
}
