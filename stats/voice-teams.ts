import { detectTeams, type TeamLabel, type TeamRound, type VoiceTeam } from './teams.ts';

/** Which of the two team voice channels (`/admin voice team_a… team_b…`) a player spent most of the maps in. */
export interface VoiceHeard {
  readonly channel: 'a' | 'b';
  /** That channel's share of the player's time in either team channel while the maps were played. */
  readonly share: number;
}

/**
 * The team voice channels name two groups, not the session's labels (A is whoever attacked first on the
 * first map): the "team A" channel gets the label most of its players carry by detection and moderators'
 * corrections (ties: A), the other channel the other label. Only players of the session's rounds count.
 *
 * @example
 * voiceTeams(rounds, new Map(), new Map([['a1', { channel: 'b', share: 1 }]]))
 * // → Map { 'a1' => { team: 'A', confidence: 1 } } when a1 and the rest of channel b attacked first
 */
export function voiceTeams(
  rounds: readonly TeamRound[],
  overrides: ReadonlyMap<string, TeamLabel>,
  heard: ReadonlyMap<string, VoiceHeard>,
): Map<string, VoiceTeam> {
  if (heard.size === 0) return new Map();
  const detected = new Map(detectTeams(rounds, overrides).players.map((p) => [p.guid, p.team]));
  let channelAIsA = 0;
  for (const [guid, h] of heard) {
    const team = detected.get(guid);
    if (team) channelAIsA += (h.channel === 'a') === (team === 'A') ? 1 : -1;
  }
  const labelOfA: TeamLabel = channelAIsA < 0 ? 'B' : 'A';
  const labelOfB: TeamLabel = labelOfA === 'A' ? 'B' : 'A';
  const teams = new Map<string, VoiceTeam>();
  for (const [guid, h] of heard) {
    if (!detected.has(guid)) continue;
    teams.set(guid, { team: h.channel === 'a' ? labelOfA : labelOfB, confidence: h.share });
  }
  return teams;
}
