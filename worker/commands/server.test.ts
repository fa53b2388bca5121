import { describe, expect, it } from 'vitest';
import type { ServerLive } from '../queries/live.ts';
import { serverMessage, viewOf } from './server.ts';

const live: ServerLive = {
  serverId: 1,
  server: 'EU',
  snapshot: {
    observedAt: new Date('2026-12-05T20:00:00Z'),
    hostname: '^1EU ^7one',
    map: 'supply',
    gameState: 'playing',
    maxClients: 0,
    timeLimitMinutes: null,
    players: [
      { name: '^2low', score: 1, ping: 20 },
      { name: '^1Cru3l^7!', score: 30, ping: 45 },
    ],
    mapSince: new Date('2026-12-05T19:50:00Z'),
  },
};

describe('/server', () => {
  it('lists players by score, colour codes stripped, a known player by the name the bot shows', () => {
    const known = new Map([['cru3l!', 'cruel']]);
    const [field] = serverMessage([viewOf(live, true, known)]).embeds?.[0]?.fields ?? [];
    expect(field).toEqual({
      name: 'EU',
      value: `**supply** since <t:${Date.parse('2026-12-05T19:50:00Z') / 1000}:R> · playing · 2 players\nEU one\n**cruel** as Cru3l! · 30 pts · 45 ms\nlow · 1 pts · 20 ms`,
    });
  });

  it('says "no live data" for a stale snapshot and for a server whose agent never sent one', () => {
    const fields =
      serverMessage([
        viewOf(live, false, new Map()),
        viewOf({ ...live, server: 'US', snapshot: null }, true, new Map()),
      ]).embeds?.[0]?.fields ?? [];
    expect(fields.map((f) => f.value)).toEqual([
      `No live data: the agent last told <t:${Date.parse('2026-12-05T20:00:00Z') / 1000}:R>.`,
      'No live data: its agent has not sent a status (the agent’s `live` setting).',
    ]);
  });

  it('says so when the community has no game server', () => {
    expect(serverMessage([]).content).toMatch(/no game server yet/);
  });
});
