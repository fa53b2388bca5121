import type {
  CompareRadarInput,
  LeaderboardInput,
  PlayerCardInput,
  SessionPerformanceInput,
  SessionTimelineInput,
  WeaponChartInput,
} from '../../../worker/render/charts/index.ts';

/** Literal inputs for the hard cases: odd names, 50 players, gaps, zeros, nothing at all. */

export const ODD_NAMES = [
  '^1Łukasz ^7Żółć',
  'Ærøskøbing Øl',
  '^4Привет^7Мир',
  'Ελληνικά',
  'Nguyễn Văn Đức',
  'नमस्ते',
  '^3a^5very^7long^1name^2that^3keeps^4going^5and^6going^7forever',
  '\u202eevil\u202c bidi',
  '^^^^',
  '@everyone **bold** `code`',
  '★ Star ★ 😀',
  '',
] as const;

export function edgePerformanceOddNames(): SessionPerformanceInput {
  return {
    subtitle: 'Names from every script the fonts cover, and a few they do not',
    players: ODD_NAMES.slice(0, 10).map((name, i) => ({
      name,
      team: i % 2 === 0 ? 1 : 2,
      lineup: true,
      kills: i * 3,
      deaths: 10 - i,
      damageGiven: Math.round((300 - i * 25) * (95 - i * 7.5)),
      dpm: 300 - i * 25,
      timePlayedMin: 95 - i * 7.5,
      timeDeadMin: i * 2.25,
      deniedPlaytimeS: i * 41,
    })),
  };
}

export function edgeLeaderboardFifty(): LeaderboardInput {
  return {
    title: 'Top kills',
    subtitle: '50 players, ties share a rank',
    metric: 'Kills',
    detailColumns: ['Rounds'],
    rows: Array.from({ length: 52 }, (_, i) => ({
      name: i === 7 ? ODD_NAMES[6] : `player${String(i + 1).padStart(2, '0')}`,
      value: 1000 - Math.floor(i / 3) * 17,
      valueText: String(1000 - Math.floor(i / 3) * 17),
      team: i % 3 === 0 ? null : ((i % 3) as 1 | 2),
      details: [String(40 + i)],
    })),
  };
}

export function edgeTimelineOnePlayerWithGaps(): SessionTimelineInput {
  return {
    subtitle: 'One player who skipped two maps',
    metric: 'Kills',
    xLabels: [
      'supply',
      'etl_adlernest',
      'radar',
      'goldrush',
      'te_escape2',
      'erdenberg_t2',
      'supply',
      'missile_b3',
      'frostbite',
      'braundorf_b4',
      'etl_ice',
      'sw_goldrush_te',
    ],
    players: [{ name: '^2solo', values: [12, 15, null, 9, 0, null, 21, 18, 18, null, 7, 30] }],
  };
}

export function edgeCompareFourFixedScale(): CompareRadarInput {
  const player = (name: string, scale: number) => ({
    name,
    kd: 1.1 * scale,
    accuracyPct: 28 * scale,
    dpm: 190 * scale,
    headshotPct: 9 * scale,
    rounds: Math.round(60 * scale),
  });
  return {
    subtitle: 'Fixed server-wide scales; one value beyond its axis',
    players: [
      player('alpha', 1),
      player('bravo', 0.7),
      player('^1charlie', 1.3),
      player('delta', 0.2),
      player('echo (not drawn)', 1),
    ],
    scales: {
      kd: { min: 0, max: 2 },
      accuracyPct: { min: 0, max: 40 },
      dpm: { min: 0, max: 300 },
      headshotPct: { min: 0, max: 15 },
      rounds: { min: 0, max: 100 },
    },
  };
}

export function edgeWeaponZeros(): WeaponChartInput {
  return {
    title: 'MP40 players',
    labelHeading: 'Player',
    rows: [
      { label: 'shooter', team: 1, kills: 0, deaths: 0, hits: 0, shots: 0, headshots: 0 },
      { label: 'misser', team: 2, kills: 0, deaths: 3, hits: 0, shots: 250, headshots: 0 },
      { label: 'ace', team: 1, kills: 5, deaths: 0, hits: 40, shots: 100, headshots: 40 },
    ],
  };
}

export function edgePlayerCardNewcomer(): PlayerCardInput {
  return {
    name: '^5Newcomer',
    subtitle: 'First evening, no kills yet',
    totals: {
      rounds: 1,
      kills: 0,
      deaths: 4,
      dpm: 12.5,
      accuracyPct: null,
      headshotPct: null,
      timePlayedMin: 8.2,
      damageGiven: 103,
      damageReceived: 0,
    },
    topWeapons: [],
    trend: { metric: 'DPM', points: [{ label: '11-20', value: 12.5 }] },
  };
}
