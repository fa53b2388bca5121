import { describe, expect, it } from 'vitest';
import { detectTeams, type TeamRound } from './teams.ts';
import { voiceTeams } from './voice-teams.ts';

// One map: a1–a3 attack first (Allies in R1, side 2, defender 1), b1–b3 defend; they swap in R2.
const side = (guids: string[], team: 1 | 2) => guids.map((guid) => ({ guid, team }));
const rounds: TeamRound[] = [
  {
    unit: 1,
    round: 1,
    defender: 1,
    sides: [...side(['a1', 'a2', 'a3'], 2), ...side(['b1', 'b2', 'b3'], 1)],
  },
  {
    unit: 1,
    round: 2,
    defender: 1,
    sides: [...side(['a1', 'a2', 'a3'], 1), ...side(['b1', 'b2', 'b3'], 2)],
  },
];

describe('voice teams', () => {
  it('labels each team channel by most of its players, and moves the one in the other channel', () => {
    // The "team A" voice channel holds b1, b2 and a3: it is the session's team B.
    const heard = new Map([
      ['b1', { channel: 'a' as const, share: 1 }],
      ['b2', { channel: 'a' as const, share: 1 }],
      ['a3', { channel: 'a' as const, share: 0.8 }],
      ['a1', { channel: 'b' as const, share: 1 }],
      ['nobody', { channel: 'b' as const, share: 1 }],
    ]);
    const voice = voiceTeams(rounds, new Map(), heard);
    expect(voice.get('b1')).toEqual({ team: 'B', confidence: 1 });
    expect(voice.get('a3')).toEqual({ team: 'B', confidence: 0.8 });
    expect(voice.get('a1')).toEqual({ team: 'A', confidence: 1 });
    expect(voice.has('nobody')).toBe(false); // played no round of the session

    const teams = new Map(detectTeams(rounds, new Map(), voice).players.map((p) => [p.guid, p]));
    expect(teams.get('a3')).toMatchObject({ team: 'B', source: 'voice', confidence: 0.8 });
    expect(teams.get('a2')).toMatchObject({ team: 'A', source: 'detected' });
  });

  it('a moderator’s correction beats the voice channel', () => {
    const voice = voiceTeams(
      rounds,
      new Map(),
      new Map([['a3', { channel: 'b' as const, share: 1 }]]),
    );
    expect(voice.get('a3')?.team).toBe('A');
    const corrected = detectTeams(rounds, new Map([['a3', 'B' as const]]), voice);
    expect(corrected.players.find((p) => p.guid === 'a3')).toMatchObject({
      team: 'B',
      source: 'moderator',
      confidence: 1,
    });
  });

  it('hears nothing: detection alone', () => {
    expect(voiceTeams(rounds, new Map(), new Map()).size).toBe(0);
  });
});
