import type { ChartName } from './chart-registry.ts';
import * as corpus from './corpus-samples.ts';
import * as edge from './edge-samples.ts';

/** A chart drawn from fixed data; `golden` cases are compared with a committed image. */
export interface ChartCase {
  readonly name: string;
  readonly chart: ChartName;
  readonly input: () => unknown;
  readonly golden: boolean;
}

export const CHART_CASES: readonly ChartCase[] = [
  {
    name: 'session-performance',
    chart: 'sessionPerformance',
    input: corpus.samplePerformance,
    golden: true,
  },
  {
    name: 'session-efficiency',
    chart: 'sessionEfficiency',
    input: corpus.sampleEfficiency,
    golden: true,
  },
  {
    name: 'session-timeline',
    chart: 'sessionTimeline',
    input: corpus.sampleTimeline,
    golden: true,
  },
  { name: 'session-results', chart: 'sessionResults', input: corpus.sampleResults, golden: true },
  { name: 'player-card', chart: 'playerCard', input: corpus.samplePlayerCard, golden: true },
  { name: 'compare-radar', chart: 'compareRadar', input: corpus.sampleCompare, golden: true },
  { name: 'leaderboard', chart: 'leaderboard', input: corpus.sampleLeaderboard, golden: true },
  { name: 'map', chart: 'map', input: corpus.sampleMaps, golden: true },
  { name: 'map-detail', chart: 'mapDetail', input: corpus.sampleMapDetail, golden: true },
  { name: 'weapon', chart: 'weapon', input: corpus.sampleWeapons, golden: true },
  {
    name: 'edge-performance-odd-names',
    chart: 'sessionPerformance',
    input: edge.edgePerformanceOddNames,
    golden: true,
  },
  {
    name: 'edge-leaderboard-fifty',
    chart: 'leaderboard',
    input: edge.edgeLeaderboardFifty,
    golden: true,
  },
  {
    name: 'edge-timeline-gaps',
    chart: 'sessionTimeline',
    input: edge.edgeTimelineOnePlayerWithGaps,
    golden: true,
  },
  {
    name: 'edge-compare-fixed-scale',
    chart: 'compareRadar',
    input: edge.edgeCompareFourFixedScale,
    golden: true,
  },
  { name: 'edge-weapon-zeros', chart: 'weapon', input: edge.edgeWeaponZeros, golden: true },
  {
    name: 'edge-player-newcomer',
    chart: 'playerCard',
    input: edge.edgePlayerCardNewcomer,
    golden: true,
  },
  {
    name: 'empty-performance',
    chart: 'sessionPerformance',
    input: () => ({ players: [] }),
    golden: false,
  },
  {
    name: 'empty-efficiency',
    chart: 'sessionEfficiency',
    input: () => ({ players: [] }),
    golden: false,
  },
  {
    name: 'empty-timeline',
    chart: 'sessionTimeline',
    input: () => ({ metric: 'DPM', xLabels: [], players: [] }),
    golden: false,
  },
  {
    name: 'empty-results',
    chart: 'sessionResults',
    input: () => ({
      teams: [
        { name: 'Team A', players: [] },
        { name: 'Team B', players: [] },
      ],
      maps: [],
    }),
    golden: false,
  },
  {
    name: 'empty-player-card',
    chart: 'playerCard',
    input: () => ({
      name: '',
      totals: {
        rounds: 0,
        kills: 0,
        deaths: 0,
        dpm: 0,
        accuracyPct: null,
        headshotPct: null,
        timePlayedMin: 0,
        damageGiven: 0,
        damageReceived: 0,
      },
      topWeapons: [],
      trend: { metric: 'DPM', points: [] },
    }),
    golden: false,
  },
  { name: 'empty-compare', chart: 'compareRadar', input: () => ({ players: [] }), golden: false },
  {
    name: 'empty-leaderboard',
    chart: 'leaderboard',
    input: () => ({ title: 'Top DPM', metric: 'DPM', rows: [] }),
    golden: false,
  },
  { name: 'empty-map', chart: 'map', input: () => ({ maps: [] }), golden: false },
  {
    name: 'empty-map-detail',
    chart: 'mapDetail',
    input: () => ({
      title: 'supply',
      attack: { round1: { completed: 0, held: 0 }, round2: { completed: 0, held: 0 } },
      stopwatch: { firstAttackersWon: 0, firstDefendersWon: 0, drawn: 0 },
      plays: [],
      players: [],
      minRounds: 4,
    }),
    golden: false,
  },
  {
    name: 'empty-weapon',
    chart: 'weapon',
    input: () => ({ title: 'Weapons', rows: [] }),
    golden: false,
  },
];
