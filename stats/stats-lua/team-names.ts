import { stripColours } from '../decode.ts';
import type { TeamLabel } from '../teams.ts';
import type { StatsLuaScores } from './payload.ts';

/**
 * A stats.lua round's gather team names (`metadata.scores`, sent while the server's AUTO_SCORES is on):
 * the alpha team played on `alphaSide` (1 Axis, 2 Allies) that round, the beta team on the other side.
 */
export interface RoundTeamNames {
  readonly alpha: string | null;
  readonly beta: string | null;
  readonly alphaSide: 1 | 2;
}

/** Long enough for a clan tag and a word, as a moderator's name; a longer one is cut there. */
const NAME_MAX = 32;

function cleanName(raw: string | null | undefined): string | null {
  const name = [...stripColours(raw ?? '').trim()].slice(0, NAME_MAX).join('').trim();
  return name === '' ? null : name;
}

/** The names a payload's `metadata.scores` gives, or null when it gives none or not which side is whose. */
export function roundTeamNames(scores: StatsLuaScores | null | undefined): RoundTeamNames | null {
  const alphaSide = scores?.round?.alpha_side;
  if (alphaSide !== 1 && alphaSide !== 2) return null;
  const alpha = cleanName(scores?.alpha_teamname);
  const beta = cleanName(scores?.beta_teamname);
  return alpha === null && beta === null ? null : { alpha, beta, alphaSide };
}

/** A round of a session: the names it gave (if any) and the side each human ended it on. */
export interface NamedRound {
  readonly names: RoundTeamNames | null;
  readonly sides: readonly { readonly guid: string; readonly team: 1 | 2 | 3 }[];
}

/**
 * The session teams' names from their rounds': each player's side in a named round is a vote for that
 * side's name for the session team the player is in; each team takes the name most of its votes went
 * to (a tie: the name first in text order). A name both teams would take tells nothing: neither gets it.
 */
export function sessionTeamNames(
  rounds: readonly NamedRound[],
  teamOf: ReadonlyMap<string, TeamLabel>,
): { readonly A: string | null; readonly B: string | null } {
  const votes = { A: new Map<string, number>(), B: new Map<string, number>() };
  for (const { names, sides } of rounds) {
    if (!names) continue;
    for (const { guid, team } of sides) {
      if (team === 3) continue;
      const name = team === names.alphaSide ? names.alpha : names.beta;
      const label = teamOf.get(guid);
      if (name === null || label === undefined) continue;
      votes[label].set(name, (votes[label].get(name) ?? 0) + 1);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]?.[0] ?? null;
  const A = top(votes.A);
  const B = top(votes.B);
  if (A !== null && B !== null && A.toLowerCase() === B.toLowerCase()) return { A: null, B: null };
  return { A, B };
}
