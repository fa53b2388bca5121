import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../discord/limits.ts';
import { endMessage, startingMessage } from './voice-evening.ts';

const HOSTILE = '@everyone *bold* </stats:1>';
const members = Array.from({ length: 200 }, (_, i) => ({
  userId: String(i),
  guid: `G${i}`,
  name: i % 2 ? HOSTILE : `player${i}`,
}));

describe('voice evening posts', () => {
  it('fit Discord’s limits for a crowd, names escaped', () => {
    const starting = startingMessage(members);
    assertWithinLimits(starting);
    const text = starting.embeds?.[0]?.description ?? '';
    expect(text).toMatch(/^200 players in voice: player0, /);
    expect(text).not.toContain('*bold*');
    const over = endMessage(
      {
        startedAt: new Date('2026-05-01T19:00:00Z'),
        endedAt: new Date('2026-05-01T21:25:00Z'),
        peak: 12,
      },
      members,
      [{ id: 202605011902, server: 'EU *1*', maps: 5, teamAMaps: 3, teamBMaps: 2 }],
    );
    assertWithinLimits(over);
  });

  it('says how long, how many, and which sessions were played, with the command that shows each', () => {
    const over = endMessage(
      {
        startedAt: new Date('2026-05-01T19:00:00Z'),
        endedAt: new Date('2026-05-01T21:25:00Z'),
        peak: 7,
      },
      members.slice(0, 2),
      [
        { id: 202605011902, server: 'EU *1*', maps: 5, teamAMaps: 3, teamBMaps: 2 },
        { id: 202605012050, server: 'EU #2', maps: 1, teamAMaps: null, teamBMaps: null },
      ],
    );
    expect(over.embeds?.[0]?.description?.split('\n')).toEqual([
      '2 h 25 min in voice, up to 7 players.',
      'In voice: player0, @\u200beveryone \\*bold\\* \\</stats\\:1\\>',
      '',
      'Session 202605011902 on EU \\*1\\*: 5 maps, team A 3–2 team B · `/session session:202605011902`',
      'Session 202605012050 on EU \\#2: 1 map · `/session session:202605012050`',
    ]);
  });
});
