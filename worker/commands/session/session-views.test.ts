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
