// What each session chart is drawn from: the session report turned into the chart kit's inputs. The
// commands and the website draw the same charts from these.
import { weaponLabel } from '../../../stats/fields.ts';
import type {
  SessionEfficiencyInput,
  SessionPerformanceInput,
  SessionResultsInput,
  SessionTimelineInput,
  WeaponChartInput,
} from '../../render/charts/index.ts';
import {
  type AttackTimes,
  type SessionReport,
  sessionTimeline,
  type TeamSide,
} from '../../queries/session-report.ts';
import { teamChartName } from '../kit/team-name.ts';

/** Team A is drawn in the Axis colour and team B in the Allies colour on every session chart. */
const sideOf = (team: TeamSide | null) => (team === 'A' ? 1 : team === 'B' ? 2 : null);

/** The "performance" panel: kills, deaths, DPM, time played, time dead and time denied. */
export function sessionPerformanceInput(
  report: SessionReport,
  subtitle?: string,
): SessionPerformanceInput {
  return {
    subtitle,
    players: report.players.map(({ name, team, lineup, figures: f }) => ({
      name,
      team: sideOf(team),
      lineup,
      kills: f.kills,
      deaths: f.deaths,
      damageGiven: f.damage_given,
      dpm: f.dpm,
      timePlayedMin: f.time_played_min,
      timeDeadMin: f.time_dead_min,
      deniedPlaytimeS: f.denied_playtime,
    })),
  };
}

/**
 * The "combat efficiency" panel: damage given and received, ammunition fired, kills. Shots stand for
 * bullets fired: field 20 equals them wherever it is valid, and is garbage in older mods' files.
 */
export function sessionEfficiencyInput(
  report: SessionReport,
  subtitle?: string,
): SessionEfficiencyInput {
  return {
    subtitle,
    players: report.players.map(({ name, team, figures: f }) => ({
      name,
      team: sideOf(team),
      damageGiven: f.damage_given,
      damageReceived: f.damage_received,
      bulletsFired: f.shots,
      kills: f.kills,
    })),
  };
}

/** Each player's DPM map by map (a map played twice appears twice). */
export function sessionTimelineInput(
  report: SessionReport,
  subtitle?: string,
): SessionTimelineInput {
  const timeline = sessionTimeline(report);
  return {
    subtitle,
    metric: 'DPM',
    xLabels: timeline.maps.map((m) => m.map),
    players: timeline.players.map((p) => ({ name: p.name, values: p.dpm })),
  };
}

/** The results card from the recompute's teams and map points; the final score is the session's points. */
export function sessionResultsInput(
  report: SessionReport,
  subtitle: string | undefined,
  times: AttackTimes,
): SessionResultsInput {
  const members = (team: TeamSide) =>
    report.players.filter((p) => p.team === team).map((p) => p.name);
  const maps = report.maps.flatMap((m) => {
    if (m.points === null || m.matchId === null) return [];
    const [first, second] = times.get(m.matchId) ?? [null, null];
    const known = m.firstAttackersTeam !== null && times.has(m.matchId);
    const attackTimesS = !known
      ? undefined
      : m.firstAttackersTeam === 'A'
        ? ([first, second] as const)
        : ([second, first] as const);
    return [
      {
        map: m.map,
        points: [m.points.A, m.points.B] as const,
        ...(attackTimesS ? { attackTimesS } : {}),
      },
    ];
  });
  const score = report.result
    ? ([report.result.points.A, report.result.points.B] as const)
    : undefined;
  return {
    subtitle,
    teams: [
      { name: teamChartName(report.teamNames, 'A'), players: members('A'), side: 1 },
      { name: teamChartName(report.teamNames, 'B'), players: members('B'), side: 2 },
    ],
    maps,
    ...(score ? { score } : {}),
  };
}

/** The session's weapons over every human: one row per weapon fired or killed with. */
export function sessionWeaponsInput(report: SessionReport, subtitle?: string): WeaponChartInput {
  const byWeapon = new Map<
    number,
    { kills: number; deaths: number; hits: number; shots: number; headshots: number }
  >();
  for (const w of report.weapons) {
    const sum = byWeapon.get(w.weapon) ?? { kills: 0, deaths: 0, hits: 0, shots: 0, headshots: 0 };
    byWeapon.set(w.weapon, {
      kills: sum.kills + w.kills,
      deaths: sum.deaths + w.deaths,
      hits: sum.hits + w.hits,
      shots: sum.shots + w.shots,
      headshots: sum.headshots + w.headshots,
    });
  }
  const rows = [...byWeapon]
    .filter(([, w]) => w.kills > 0 || w.shots > 0)
    .map(([weapon, w]) => ({ label: weaponLabel(weapon), ...w }));
  return { title: 'Session weapons', subtitle, labelHeading: 'Weapon', rows };
}
