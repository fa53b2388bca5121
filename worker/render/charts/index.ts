/** Every chart: pure functions from plain data to a `Chart` ({ tree, width, height }) to render. */
export {
  type CompareMetric,
  type ComparePlayer,
  type CompareRadarInput,
  compareRadarChart,
} from './compare-radar.ts';
export { type LeaderboardInput, type LeaderboardRow, leaderboardChart } from './leaderboard.ts';
export { type MapChartInput, type MapChartRow, mapChart } from './map-chart.ts';
export { type MapAttack, type MapDetailChartInput, mapDetailChart } from './map-detail.ts';
export {
  type PlayerCardInput,
  type PlayerTotals,
  type PlayerTrendPoint,
  type PlayerWeapon,
  playerCardChart,
} from './player-card.ts';
export {
  type SessionEfficiencyInput,
  type SessionEfficiencyPlayer,
  sessionEfficiencyChart,
} from './session-efficiency.ts';
export {
  type SessionPerformanceInput,
  type SessionPerformancePlayer,
  PERFORMANCE_RANKING,
  performanceOrder,
  sessionPerformanceChart,
} from './session-performance.ts';
export {
  type ResultsMap,
  type ResultsTeam,
  type SessionResultsInput,
  sessionResultsChart,
} from './session-results.ts';
export {
  type SessionTimelineInput,
  type SessionTimelinePlayer,
  sessionTimelineChart,
} from './session-timeline.ts';
export { type WeaponChartInput, type WeaponChartRow, weaponChart } from './weapon-chart.ts';
