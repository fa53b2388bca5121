import type {
  CompareRadarInput,
  LeaderboardInput,
  MapChartInput,
  MapDetailChartInput,
  PlayerCardInput,
  SessionEfficiencyInput,
  SessionPerformanceInput,
  SessionResultsInput,
  SessionTimelineInput,
  WeaponChartInput,
} from '../../../worker/render/charts/index.ts';
import type { WeaponFigures } from '../../../stats/fields.ts';
import { corpusMaps, type MapPlayer, type PlayedMap } from './corpus-maps.ts';

/** Chart inputs as the commands would fill them, computed from the sample corpus. */

interface Totals extends Omit<MapPlayer, 'weapons'> {
  rounds: number;
  weapons: Map<string, WeaponFigures>;
}

function totalsOf(maps: readonly PlayedMap[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const m of maps) {
    for (const p of m.players) {
      const t = out.get(p.guid);
      const rounds = m.r2?.players.some((q) => q.guid === p.guid) ? 2 : 1;
      if (!t) {
        out.set(p.guid, {
          ...p,
          rounds,
          weapons: new Map([...p.weapons].map(([k, w]) => [k, { ...w }])),
        });
        continue;
      }
      for (const k of [
        'kills',
        'deaths',
        'hits',
        'shots',
        'headshots',
        'damageGiven',
        'damageReceived',
        'bullets',
        'playedMin',
        'deadMin',
        'deniedS',
      ] as const) {
        t[k] += p[k];
      }
      t.rounds += rounds;
      t.name = p.name;
      for (const [k, w] of p.weapons) {
        const have = t.weapons.get(k);
        if (!have) t.weapons.set(k, { ...w });
        else
          for (const c of ['kills', 'deaths', 'hits', 'shots', 'headshots'] as const)
            have[c] += w[c];
      }
    }
  }
  return out;
}

const dpm = (t: { damageGiven: number; playedMin: number }) =>
  t.playedMin > 0 ? t.damageGiven / t.playedMin : 0;
const side = (team: number) => (team === 1 || team === 2 ? team : null);
const dayLabel = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

function sessionSubtitle(maps: readonly PlayedMap[], players: number): string {
  return `${dayLabel(maps[0]?.date ?? '2025-01-01')} · ${maps.length} maps · ${players} players`;
}

export function samplePerformance(): SessionPerformanceInput {
  const maps = corpusMaps().sessions[0] ?? [];
  const totals = [...totalsOf(maps).values()];
  return {
    subtitle: sessionSubtitle(maps, totals.length),
    players: totals.map((t) => ({
      name: t.name,
      team: side(t.team),
      lineup: maps.some((m) => m.r1.players.some((p) => p.guid === t.guid)),
      kills: t.kills,
      deaths: t.deaths,
      damageGiven: t.damageGiven,
      dpm: dpm(t),
      timePlayedMin: t.playedMin,
      timeDeadMin: t.deadMin,
      deniedPlaytimeS: t.deniedS,
    })),
  };
}

export function sampleEfficiency(): SessionEfficiencyInput {
  const maps = corpusMaps().sessions[0] ?? [];
  const totals = [...totalsOf(maps).values()];
  return {
    subtitle: sessionSubtitle(maps, totals.length),
    players: totals.map((t) => ({
      name: t.name,
      team: side(t.team),
      damageGiven: t.damageGiven,
      damageReceived: t.damageReceived,
      bulletsFired: t.bullets,
      kills: t.kills,
    })),
  };
}

export function sampleTimeline(): SessionTimelineInput {
  const maps = corpusMaps().sessions[0] ?? [];
  const totals = [...totalsOf(maps).values()];
  return {
    subtitle: sessionSubtitle(maps, totals.length),
    metric: 'DPM',
    xLabels: maps.map((m) => m.map),
    players: totals.map((t) => ({
      name: t.name,
      values: maps.map((m) => {
        const p = m.players.find((q) => q.guid === t.guid);
        return p ? Math.round(dpm(p) * 10) / 10 : null;
      }),
    })),
  };
}

export function sampleResults(): SessionResultsInput {
  const maps = (corpusMaps().sessions[0] ?? []).filter((m) => m.score !== null && m.r2 !== null);
  const group = new Map<string, 0 | 1>();
  const played: SessionResultsInput['maps'][number][] = [];
  for (const m of maps) {
    const attacking = 3 - m.r1.header.defender;
    const attackers = m.players.filter((p) => p.team === attacking);
    const votes = attackers.map((p) => group.get(p.guid)).filter((g) => g !== undefined);
    // Group A is whoever attacked first on the first map; later maps follow the majority.
    const attackersGroup: 0 | 1 =
      votes.length === 0 ? 0 : votes.filter((g) => g === 0).length * 2 >= votes.length ? 0 : 1;
    for (const p of m.players)
      if (!group.has(p.guid))
        group.set(p.guid, p.team === attacking ? attackersGroup : attackersGroup === 0 ? 1 : 0);
    const r1Time = m.r1.header.winner === attacking ? m.r1.header.nextTimeLimitS : null;
    const r2Time = m.r2?.header.winner === attacking ? (m.durationsS[1] ?? null) : null;
    const score = m.score as NonNullable<PlayedMap['score']>;
    played.push(
      attackersGroup === 0
        ? {
            map: m.map,
            points: [score.firstAttackers, score.firstDefenders],
            attackTimesS: [r1Time, r2Time],
          }
        : {
            map: m.map,
            points: [score.firstDefenders, score.firstAttackers],
            attackTimesS: [r2Time, r1Time],
          },
    );
  }
  const names = new Map(maps.flatMap((m) => m.players.map((p) => [p.guid, p.name] as const)));
  const members = (g: 0 | 1) =>
    [...group].filter(([, v]) => v === g).map(([guid]) => names.get(guid) ?? guid);
  return {
    subtitle: `${dayLabel(maps[0]?.date ?? '2025-01-01')} · stopwatch`,
    teams: [
      { name: 'Team A', players: members(0) },
      { name: 'Team B', players: members(1) },
    ],
    maps: played,
  };
}

function allTotals(): Totals[] {
  return [...totalsOf(corpusMaps().maps).values()];
}

export function samplePlayerCard(): PlayerCardInput {
  const best = allTotals().sort((a, b) => b.rounds - a.rounds)[0] as Totals;
  const sessions = corpusMaps().sessions.filter((s) =>
    s.some((m) => m.players.some((p) => p.guid === best.guid)),
  );
  const weapons = [...best.weapons].sort((a, b) => b[1].kills - a[1].kills);
  return {
    name: best.name,
    subtitle: `${best.guid} · ${sessions.length} sessions since ${dayLabel(sessions[0]?.[0]?.date ?? '2025-01-01')}`,
    totals: {
      rounds: best.rounds,
      kills: best.kills,
      deaths: best.deaths,
      dpm: dpm(best),
      accuracyPct: best.shots > 0 ? (best.hits / best.shots) * 100 : null,
      headshotPct: best.hits > 0 ? (best.headshots / best.hits) * 100 : null,
      timePlayedMin: best.playedMin,
      damageGiven: best.damageGiven,
      damageReceived: best.damageReceived,
    },
    topWeapons: weapons.map(([weapon, w]) => ({
      weapon,
      kills: w.kills,
      accuracyPct: w.shots > 0 ? (w.hits / w.shots) * 100 : null,
    })),
    trend: {
      metric: 'DPM',
      points: sessions.slice(-10).map((s) => {
        const t = totalsOf(s).get(best.guid);
        return {
          label: (s[0]?.date ?? '').slice(5),
          value: t ? Math.round(dpm(t) * 10) / 10 : null,
        };
      }),
    },
  };
}

export function sampleCompare(): CompareRadarInput {
  const [a, b] = allTotals().sort((x, y) => y.rounds - x.rounds);
  const figures = (t: Totals) => ({
    name: t.name,
    kd: t.deaths > 0 ? t.kills / t.deaths : t.kills,
    accuracyPct: t.shots > 0 ? (t.hits / t.shots) * 100 : 0,
    dpm: dpm(t),
    headshotPct: t.hits > 0 ? (t.headshots / t.hits) * 100 : 0,
    rounds: t.rounds,
  });
  return { subtitle: 'All sessions', players: [figures(a as Totals), figures(b as Totals)] };
}

export function sampleLeaderboard(): LeaderboardInput {
  const rows = allTotals()
    .filter((t) => t.rounds >= 4)
    .sort((a, b) => dpm(b) - dpm(a))
    .map((t) => ({
      name: t.name,
      value: Math.round(dpm(t) * 10) / 10,
      team: null,
      details: [String(t.rounds), t.deaths > 0 ? (t.kills / t.deaths).toFixed(2) : '–'],
    }));
  return {
    title: 'Top DPM',
    subtitle: 'All sessions · at least 4 rounds',
    metric: 'DPM',
    rows,
    detailColumns: ['Rounds', 'K/D'],
  };
}

export function sampleMaps(): MapChartInput {
  const byMap = new Map<
    string,
    { rounds: number; axis: number; allies: number; seconds: number }
  >();
  for (const m of corpusMaps().maps) {
    const row = byMap.get(m.map) ?? { rounds: 0, axis: 0, allies: 0, seconds: 0 };
    for (const [i, r] of [m.r1, m.r2].entries()) {
      if (!r) continue;
      row.rounds += 1;
      if (r.header.winner === 1) row.axis += 1;
      if (r.header.winner === 2) row.allies += 1;
      row.seconds += m.durationsS[i] ?? 0;
    }
    byMap.set(m.map, row);
  }
  return {
    subtitle: 'All sessions · round wins by side',
    maps: [...byMap]
      .sort((a, b) => b[1].rounds - a[1].rounds)
      .map(([map, r]) => ({
        map,
        rounds: r.rounds,
        axisWins: r.axis,
        alliesWins: r.allies,
        averageDurationS: r.seconds / r.rounds,
      })),
  };
}

export function sampleWeapons(): WeaponChartInput {
  const byWeapon = new Map<string, WeaponFigures>();
  for (const t of allTotals()) {
    for (const [k, w] of t.weapons) {
      const have = byWeapon.get(k) ?? { kills: 0, deaths: 0, hits: 0, shots: 0, headshots: 0 };
      for (const c of ['kills', 'deaths', 'hits', 'shots', 'headshots'] as const) have[c] += w[c];
      byWeapon.set(k, have);
    }
  }
  return {
    title: 'Weapons',
    subtitle: 'All sessions',
    rows: [...byWeapon].map(([label, w]) => ({ label, ...w })),
  };
}

/** /map's chart for the corpus's most played map, as the command fills it from stored rounds. */
export function sampleMapDetail(): MapDetailChartInput {
  const all = corpusMaps().maps;
  const counts = new Map<string, number>();
  for (const m of all) counts.set(m.map, (counts.get(m.map) ?? 0) + 1);
  const name = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const plays = all.filter((m) => m.map === name);
  const won = (r: { header: { winner: number; defender: number } }) =>
    r.header.winner !== 0 && r.header.winner !== r.header.defender;
  const tally = (rounds: { header: { winner: number; defender: number } }[]) => ({
    completed: rounds.filter(won).length,
    held: rounds.filter((r) => !won(r)).length,
  });
  const scores = plays.flatMap((m) => (m.score ? [m.score] : []));
  const totals = [...totalsOf(plays).values()]
    .filter((t) => t.rounds >= 4)
    .sort((a, b) => dpm(b) - dpm(a))
    .slice(0, 5);
  return {
    title: name,
    subtitle: `All time · ${plays.length} plays`,
    attack: {
      round1: tally(plays.map((m) => m.r1)),
      round2: tally(plays.flatMap((m) => (m.r2 ? [m.r2] : []))),
    },
    stopwatch: {
      firstAttackersWon: scores.filter((s) => s.firstAttackers === 2).length,
      firstDefendersWon: scores.filter((s) => s.firstDefenders === 2).length,
      drawn: scores.filter((s) => s.firstAttackers === 1).length,
    },
    plays: plays
      .slice(-5)
      .reverse()
      .map((m) => ({
        label: m.date,
        first: { seconds: m.durationsS[0] ?? 0, completed: won(m.r1) },
        second: m.r2 ? { seconds: m.durationsS[1] ?? 0, completed: won(m.r2) } : null,
      })),
    players: totals.map((t) => ({
      name: t.name,
      dpm: dpm(t),
      kd: t.deaths > 0 ? t.kills / t.deaths : t.kills,
      rounds: t.rounds,
    })),
    minRounds: 4,
  };
}
