import { describe, expect, it } from 'vitest';
import { readStatsFile } from '../read.ts';
import { statsLuaFileName } from './file-name.ts';

const A = 'AAAA1111BBBB2222CCCC3333DDDD4444';
const A2 = 'AAAA1111FFFF0000FFFF0000FFFF0000';
const B = 'BBBB2222CCCC3333DDDD4444EEEE5555';
const NAME = statsLuaFileName('m1', '2026-03-01T20:10:00', 'supply', 1);

/** mask 1<<8 (MP40): hits shots kills deaths headshots, then fields 0–9. */
const stats = (kills: number) => [
  '256',
  '10',
  '40',
  String(kills),
  '1',
  '2',
  '900',
  '500',
  '0',
  '0',
  '1',
  '0',
  '0',
  '0',
  '87.5',
  '20',
];

function payload(overrides: Record<string, unknown> = {}, gamelog?: unknown[]) {
  const at = (leveltime: number, label: string, fields: Record<string, unknown> = {}) => ({
    match_id: 'm1',
    round_id: 1,
    unixtime: 0,
    leveltime,
    group: 'player',
    label,
    ...fields,
  });
  return {
    round_info: {
      matchID: 'm1',
      mapname: 'supply',
      round: 1,
      defenderteam: 1,
      winnerteam: 2,
      timelimit: '10:00',
      nextTimeLimit: '7:30',
      round_start: 10_000,
      round_end: 10_000 + 450_000 + 60_000,
      round_start_unix: 1_772_395_290,
      round_end_unix: 1_772_395_800,
    },
    player_stats: {
      [A]: { guid: A.slice(0, 8), name: '^1Al', rounds: '0', team: '1', weaponStats: stats(2) },
      [B]: { guid: B.slice(0, 8), name: 'Bo', rounds: '0', team: '2', weaponStats: stats(1) },
    },
    metadata: { matchID: 'm1', servername: 'gather #1', config: 'legacy6' },
    gamelog: gamelog ?? [
      at(10_000, 'spawn', { player: A, team: 1 }),
      at(10_000, 'spawn', { player: B, team: 2 }),
      at(20_000, 'damage', { killer: A, victim: B, hit_region: 'HR_HEAD' }),
      at(20_000, 'kill', { killer: A, victim: B }),
      at(30_000, 'spawn', { player: B, team: 2 }),
      at(40_000, 'pause', { group: 'server' }),
      at(100_000, 'unpause', { group: 'server' }),
      at(110_000, 'damage', { killer: A, victim: B, hit_region: 'HR_BODY' }),
      at(110_000, 'kill', { killer: A, victim: B }),
      at(115_000, 'revive', { player: A, victim: B }),
      at(200_000, 'kill', { killer: B, victim: A }),
      at(210_000, 'assist', { assister: B, victim: A, killer: B }),
      at(300_000, 'obj_planted', { player: A, objective: 'gate' }),
    ],
    ...overrides,
  };
}
const read = (p: unknown, name = NAME) =>
  readStatsFile(name, new TextEncoder().encode(JSON.stringify(p)));

describe('a stats.lua round in the round model', () => {
  it('reads fields 0–9 and the weapons from weaponStats, the rest from the events, pauses taken out', () => {
    const result = read(payload());
    if (!result.ok) throw new Error(result.reason);
    const { header, players } = result.round;
    expect(header).toMatchObject({
      map: 'supply',
      round: 1,
      defender: 1,
      winner: 2,
      timeLimitS: 600,
      nextTimeLimitS: 450,
      playtimeS: 450,
      serverName: 'gather #1',
      config: 'legacy6',
    });
    const a = players.find((p) => p.guid === 'AAAA1111');
    const b = players.find((p) => p.guid === 'BBBB2222');
    expect(a?.name).toBe('Al');
    expect(a?.weapons).toEqual([
      { weapon: 8, hits: 10, shots: 40, kills: 2, deaths: 1, headshots: 2 },
    ]);
    expect(a?.extended).toMatchObject({
      damage_given: 900,
      damage_received: 500,
      gibs: 1,
      time_alive_pct: 87.5,
      xp: 20,
    });
    // A: two kills in one life, one with a head hit last; died once; planted once; revived B once.
    expect(a?.extended).toMatchObject({
      killing_spree: 2,
      death_spree: 1,
      headshot_kills: 1,
      dynamites_planted: 1,
      revives_given: 1,
      times_revived: 0,
    });
    // Played from 10 s to the end (520 s) less the 60 s pause: 450 s = 7.5 min; dead from 200 s: 320 s.
    expect(a?.extended.time_played_min).toBe(7.5);
    expect(a?.extended.time_dead_min).toBe(5.3);
    // B: died at 20 s (spawned 30 s: 10 s) and at 110 s (revived 115 s: 5 s); one assist.
    expect(b?.extended).toMatchObject({
      death_spree: 2,
      killing_spree: 1,
      kill_assists: 1,
      times_revived: 1,
      time_dead_min: 0.3,
    });
  });

  it('leaves unknown what the payload does not carry: null, never 0', () => {
    const result = read(payload());
    if (!result.ok) throw new Error(result.reason);
    const e = result.round.players[0]?.extended;
    for (const key of [
      'kill_steals',
      'useful_kills',
      'bullets_fired',
      'multikill_2x',
      'denied_playtime',
      'repairs_constructions',
      'mod_dpm',
      'mod_kd',
    ] as const)
      expect(e?.[key], key).toBeNull();
    expect(result.round.bulletsKnown).toBe(false);
  });

  it('keeps apart two full GUIDs with one 8-character prefix: both keep their full GUID', () => {
    const p = payload();
    (p.player_stats as Record<string, unknown>)[A2] = {
      guid: A2.slice(0, 8),
      name: 'Other Al',
      rounds: '0',
      team: '2',
      weaponStats: stats(0),
    };
    const result = read(p);
    if (!result.ok) throw new Error(result.reason);
    expect(result.round.players.map((x) => x.guid).sort()).toEqual([A, A2, 'BBBB2222']);
  });

  it('files omni-bots under their pseudo GUID', () => {
    const p = payload();
    (p.player_stats as Record<string, unknown>).OMNIBOT12 = {
      guid: 'OMNIBOT1',
      name: '[BOT]Bob',
      rounds: '0',
      team: '2',
      weaponStats: stats(0),
    };
    const result = read(p);
    if (!result.ok) throw new Error(result.reason);
    expect(result.round.players.find((x) => x.bot)?.guid).toBe('OMNIBOT12');
  });

  it('refuses what contradicts itself, naming the fields', () => {
    const refusal = (p: unknown) => {
      const r = read(p);
      return r.ok ? 'read' : r.reason;
    };
    expect(refusal(payload({ metadata: { matchID: 'm2' } }))).toMatch(
      /metadata\.matchID "m2" is not round_info\.matchID "m1"/,
    );
    const badRound = payload();
    (badRound.gamelog[0] as { round_id: number }).round_id = 2;
    expect(refusal(badRound)).toMatch(
      /gamelog\[0\]\.round_id \(2\) is not round_info\.round \(1\)/,
    );
    expect(refusal(payload({}, undefined as never))).toBe('read');
    const noLog = payload() as Record<string, unknown>;
    delete noLog.gamelog;
    expect(refusal(noLog)).toMatch(/gamelog is missing/);
    expect(
      read(payload(), statsLuaFileName('m1', '2026-03-01T20:10:00', 'goldrush', 1)),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not name round_info's map and round/),
    });
  });
});
