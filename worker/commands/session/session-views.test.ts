import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../discord/limits.ts';
import type {
  SessionMapPlay,
  SessionPlayer,
  SessionReport,
  SessionWeaponRow,
} from '../../queries/session-report.ts';
import { withMetrics } from '../../queries/totals.ts';
import { totalsFixture } from '../../../test/support/totals.ts';
import { SESSION_VIEWS, sessionMessage } from './session-views.ts';
import { MVP_RULE } from './team-summary.ts';
import { sessionResultsInput } from './session-chart-inputs.ts';

const HOSTILE = '@everyone *bold* `tick` ||spoiler|| </stats:1> ```';

function figures(seed: number) {
  const zero = totalsFixture((_, i) => 1 + ((seed * 7 + i * 13) % 40));
  return {
    ...withMetrics({
      ...zero,
      shots: 400 + seed,
      damage_given: 5000 + 97 * seed,
      time_played_min: 90,
    }),
    grenades: seed % 4,
  };
}

/** A long evening: 30 humans with long, hostile names and 25 map plays. */
function bigReport(): SessionReport {
  const players: SessionPlayer[] = Array.from({ length: 30 }, (_, i) => ({
    guid: `GUID${String(i).padStart(4, '0')}`,
    name: i === 0 ? HOSTILE : `${'very_long_player_name_'.repeat(3)}${i}`,
    lineup: i < 28,
    team: i % 2 === 0 ? 'A' : 'B',
    figures: figures(i),
  }));
  const maps: SessionMapPlay[] = Array.from({ length: 25 }, (_, i) => ({
    order: i + 1,
    matchId: i + 1,
    map: `map_[${i}]_*x*`,
    startedAt: '2025-10-13T19:00:00Z',
    complete: i % 5 !== 4,
    orphan: false,
    firstAttackersPoints: 2,
    firstDefendersPoints: 0,
    firstAttackersTeam: 'A',
    points: i % 5 !== 4 ? { A: 2, B: 0 } : null,
    // The first map without a rating's call: its name is checked exactly below.
    expected: i === 0 ? null : i % 3 === 0 ? 0.71 : 0.29,
  }));
  const weapons: SessionWeaponRow[] = players.flatMap((p, i) =>
    Array.from({ length: 28 }, (_, weapon) => ({
      guid: p.guid,
      weapon,
      kills: (i + weapon) % 9,
      deaths: 1,
      hits: 30,
      shots: 100,
      headshots: 3,
    })),
  );
  return {
    session: {
      id: 4242,
      started_at: '2025-10-13T19:00:00Z',
      ended_at: '2025-10-14T01:30:00Z',
      round_count: 50,
      map_count: 25,
      player_count: 28,
    },
    players,
    botCount: 2,
    maps,
    mapPlayers: maps.flatMap((m) =>
      players.map((p, i) => ({
        matchId: m.matchId as number,
        guid: p.guid,
        kills: i,
        deaths: 2,
        damageGiven: 1000 + i,
        minutes: 10,
        dpm: 100 + i,
      })),
    ),
    result: {
      mapsWon: { A: 20, B: 0 },
      mapsDrawn: 0,
      points: { A: 40, B: 0 },
      winner: 'A',
      confidence: 0.6,
    },
    weapons,
    // Both rounds of every map play; a player in four changes team every map (lineup changes).
    rounds: maps.flatMap((m, mapIndex) =>
      ([1, 2] as const).map((round) => ({
        matchId: m.matchId as number,
        round,
        durationS: 400 + mapIndex,
        attackersWon: round === 1,
        attackers: (round === 1) === (mapIndex % 2 === 0) ? ('A' as const) : ('B' as const),
        players: players.map((p, i) => ({
          guid: p.guid,
          team: i % 4 === 0 && mapIndex % 2 === 1 ? (p.team === 'A' ? 'B' : 'A') : p.team,
          kills: i,
          deaths: 2,
          damageGiven: 1000 + i,
          minutes: 10,
          dpm: 100 + i,
        })),
      })),
    ),
    teamNames: { A: null, B: null },
    // Thirty in voice, hostile names among them: the field must stay within limits and escaped.
    voice: Array.from({ length: 30 }, (_, i) => ({
      guid: `V${i}`,
      name: i % 2 ? HOSTILE : `listener${i}`,
      minutes: 200 - i,
    })),
    // Every round with the server's full list of awards, hostile names among them.
    serverAwards: maps.flatMap((m) =>
      ([1, 2] as const).map((round) => ({
        map: m.map,
        round,
        awards: Array.from({ length: 23 }, (_, i) => ({
          award: `Most ${HOSTILE} ${i}`,
          player: i % 2 ? HOSTILE : `player${i}`,
          value: 1000 + i,
          unit: i % 3 === 0 ? 'seconds' : null,
        })),
      })),
    ),
  };
}

const allText = (message: ReturnType<typeof sessionMessage>) =>
  [
    message.content,
    ...(message.embeds ?? []).flatMap((e) => [
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ].join('\n');

describe('session views', () => {
  it('fit Discord’s limits for a long evening of thirty players and twenty-five maps', () => {
    const report = bigReport();
    for (const view of SESSION_VIEWS)
      expect(() => assertWithinLimits(sessionMessage(report, view)), view).not.toThrow();
  });

  it('fit Discord’s limits with the longest team names a moderator can give, escaped', () => {
    const report = {
      ...bigReport(),
      teamNames: { A: `${HOSTILE}`.slice(0, 32), B: 'x'.repeat(32) },
    };
    for (const view of SESSION_VIEWS) {
      const message = sessionMessage(report, view);
      expect(() => assertWithinLimits(message), view).not.toThrow();
      expect(allText(message).replace(/```[\s\S]*?```/g, ''), view).not.toMatch(/@everyone/);
    }
  });

  it('never let a player’s name ping, format or break out of a code block', () => {
    const report = bigReport();
    for (const view of SESSION_VIEWS) {
      const text = allText(sessionMessage(report, view));
      // Fences only open and close our own tables: pairs, never a stray one from a name.
      expect((text.match(/```/g) ?? []).length % 2, view).toBe(0);
      // Inside a code block nothing formats or pings; outside, the name must be escaped.
      const outside = text.replace(/```[\s\S]*?```/g, '');
      expect(outside, view).not.toMatch(/@everyone/);
      expect(outside, view).not.toContain('*bold*');
      expect(outside, view).not.toContain('</stats:1>');
    }
    expect(allText(sessionMessage(report, 'summary'))).toContain('@\u200beveryone \\*bold\\*');
  });

  it('says how sure the team detection is when it is unsure, and who won', () => {
    const summary = sessionMessage(bigReport(), 'summary').embeds?.[0]?.description ?? '';
    expect(summary).toContain('**Team A won**: maps 20–0, points 40–0 · team detection 60% sure');
    const unfinished = {
      ...bigReport(),
      result: {
        mapsWon: { A: 0, B: 0 },
        mapsDrawn: 0,
        points: { A: 0, B: 0 },
        winner: null,
        confidence: 0,
      },
    };
    expect(sessionMessage(unfinished, 'summary').embeds?.[0]?.description).toContain(
      'No map was played to the end (R1 and R2): no result.',
    );
    expect(
      sessionMessage({ ...bigReport(), result: null }, 'summary').embeds?.[0]?.description,
    ).toContain('Teams are not worked out yet');
  });

  it('lines every table column up under its header', () => {
    const combat = sessionMessage(bigReport(), 'combat').embeds?.[0]?.description ?? '';
    const lines = combat
      .split('\n')
      .filter(
        (line) =>
          line !== '' &&
          !line.startsWith('```') &&
          !line.startsWith('<t:') &&
          !line.startsWith('**'),
      );
    const kdColumn = (lines[0] as string).indexOf('K/D') + 3;
    for (const line of lines.slice(1))
      expect(line.slice(kdColumn - 4, kdColumn), line).toMatch(/^\d\.\d\d$/);
  });
});

/** Two map plays of four players: on the second, DDDD0003 has left team B and EEEE0004 came in. */
function smallReport(): SessionReport {
  const base = bigReport();
  const player = (guid: string, name: string, team: 'A' | 'B', dpm: number, minutes: number) => ({
    guid,
    name,
    lineup: true,
    team,
    figures: {
      ...figures(1),
      damage_given: Math.round(dpm * minutes),
      time_played_min: minutes,
      dpm,
      kills: Math.round(dpm / 10),
      deaths: 10,
      revives_given: 3,
    },
  });
  const players = [
    player('AAAA0001', 'alpha', 'A', 300, 40),
    player('BBBB0002', 'bravo', 'A', 250, 40),
    player('CCCC0003', 'charlie', 'B', 280, 40),
    player('DDDD0003', 'delta', 'B', 900, 10),
    player('EEEE0004', 'echo', 'B', 200, 30),
  ];
  const round = (
    matchId: number,
    n: 1 | 2,
    attackers: 'A' | 'B',
    won: boolean,
    guids: string[],
  ) => ({
    matchId,
    round: n,
    durationS: n === 1 ? 452 : 600,
    attackersWon: won,
    attackers,
    players: guids.map((guid, i) => ({
      guid,
      team: players.find((p) => p.guid === guid)?.team ?? null,
      kills: 10 - i,
      deaths: i,
      damageGiven: 3000 - 100 * i,
      minutes: 10,
      dpm: 300 - 10 * i,
    })),
  });
  return {
    ...base,
    players,
    maps: base.maps.slice(0, 2),
    rounds: [
      round(1, 1, 'A', true, ['AAAA0001', 'CCCC0003', 'BBBB0002', 'DDDD0003']),
      round(1, 2, 'B', false, ['CCCC0003', 'AAAA0001', 'BBBB0002', 'DDDD0003']),
      round(2, 1, 'B', false, ['EEEE0004', 'CCCC0003', 'AAAA0001', 'BBBB0002']),
      round(2, 2, 'A', true, ['BBBB0002', 'AAAA0001', 'CCCC0003', 'EEEE0004']),
    ],
    teamNames: { A: 'Red *Devils*', B: null },
    voice: [
      { guid: 'G1', name: 'alpha', minutes: 95 },
      { guid: 'G2', name: 'beta', minutes: 40 },
    ],
  };
}

const descriptionOf = (message: ReturnType<typeof sessionMessage>) =>
  message.embeds?.[0]?.description ?? '';
const fieldsOf = (message: ReturnType<typeof sessionMessage>) => message.embeds?.[0]?.fields ?? [];

describe('the maps view', () => {
  it('breaks each map play into round 1 and round 2: who attacked, how it ended, in what time, the best three', () => {
    const [first, second] = fieldsOf(sessionMessage(smallReport(), 'maps'));
    expect(first?.name).toBe('1. map\\_\\[0\\]\\_\\*x\\* · Red \\*Devils\\* (A) 2 : 0 Team B');
    expect(first?.value.split('\n')).toEqual([
      '**R1** · Red \\*Devils\\* (A) attacked · objective in 7:32',
      '└ alpha 300.0 DPM 10/0 · charlie 290.0 DPM 9/1 · bravo 280.0 DPM 8/2',
      '**R2** · Team B attacked · defence held (10:00)',
      '└ charlie 300.0 DPM 10/0 · alpha 290.0 DPM 9/1 · bravo 280.0 DPM 8/2',
    ]);
    expect(second?.value).toContain('**R1** · Team B attacked · defence held (7:32)');
  });
});

describe('the summary', () => {
  it('names the MVP by the stated rule, not the short hot stint, and each team’s totals', () => {
    const message = sessionMessage(smallReport(), 'summary');
    // delta has the best DPM but played a quarter of the longest time: alpha is the MVP.
    expect(descriptionOf(message)).toContain(
      `🏅 **MVP: alpha** (Red \\*Devils\\* (A)) — 300.0 DPM · 30/10 · 12,000 damage\n_${MVP_RULE}._`,
    );
    const totals = fieldsOf(message)
      .find((f) => f.name === 'Team totals')
      ?.value.split('\n');
    expect(totals).toEqual([
      '**Red \\*Devils\\* (A)** · 2 players · 55/20 kills/deaths · 22,000 damage · 275.0 DPM · 6 revives',
      '**Team B** · 3 players · 138/30 kills/deaths · 26,200 damage · 327.5 DPM · 9 revives',
    ]);
    expect(descriptionOf(message)).toContain('**Red \\*Devils\\* (A) won**');
    expect(fieldsOf(message).map((f) => f.name)).toContain(
      'Red \\*Devils\\* (A) (2) — kills/deaths · DPM',
    );
  });

  it('says who was in voice while it was played, and says nothing where voice is not tracked', () => {
    const inVoice = fieldsOf(sessionMessage(smallReport(), 'summary')).find(
      (f) => f.name === 'In voice',
    );
    expect(inVoice?.value).toBe('alpha (95 min), beta (40 min)');
    const untracked = sessionMessage({ ...smallReport(), voice: [] }, 'summary');
    expect(fieldsOf(untracked).some((f) => f.name === 'In voice')).toBe(false);
  });
});

describe('the results card', () => {
  it('labels the teams with their custom names', () => {
    const input = sessionResultsInput(smallReport(), undefined, new Map());
    expect(input.teams.map((t) => t.name)).toEqual(['Red *Devils*', 'Team B']);
  });
});

describe('the lineups view', () => {
  it('lists each team at the start, then who joined and who left between map plays', () => {
    const text = descriptionOf(sessionMessage(smallReport(), 'lineups'));
    expect(text).toContain(
      [
        '**Start** (1. map\\_\\[0\\]\\_\\*x\\*)',
        'Red \\*Devils\\* (A): alpha, bravo',
        'Team B: charlie, delta',
        '',
        '**2. map\\_\\[1\\]\\_\\*x\\***',
        'Team B: + echo  − delta',
      ].join('\n'),
    );
  });

  it('says so when nothing changed, and counts map plays without a change', () => {
    const report = smallReport();
    const same = {
      ...report,
      rounds: report.rounds.slice(0, 2).flatMap((r) => [r, { ...r, matchId: 2 }]),
    };
    expect(descriptionOf(sessionMessage(same, 'lineups'))).toContain(
      'Both lineups stayed the same all session.',
    );
  });
});
