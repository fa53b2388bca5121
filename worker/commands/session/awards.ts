import type { PlayerFigures } from '../../queries/session-report.ts';
import {
  AWARD_RULES,
  type AwardContext,
  EXCLUSIVE,
  MIN_SHOTS,
  RATIO_MIN_SHARE,
} from './award-rules.ts';

export { AWARD_RULES, EXCLUSIVE, MIN_SHOTS, RATIO_MIN_SHARE };

/**
 * The session awards of `/last_session view:awards` (the previous bot's list, and a few more). Each award
 * goes to one player and names the figure that earned it. Humans only; the caller passes them.
 *
 * Every award has a written rule (`awardRuleText`, listed in the README), and awards that say opposite
 * things of one player (a damage ratio that says they took little, a Tank that says they took the most)
 * are exclusive: a player gets at most one award of an `EXCLUSIVE` group.
 */
export interface Award {
  readonly id: string;
  readonly emoji: string;
  readonly title: string;
  /** What the award is for, in a few words. */
  readonly for: string;
  readonly guid: string;
  /** As recorded (escape before printing). */
  readonly name: string;
  /** The figure that earned it, e.g. "2.41× (3,120 given / 1,294 received)". */
  readonly figure: string;
  /** How many other players had exactly the same score (the first by name is named). */
  readonly tiedWith: number;
}

export interface AwardCandidate {
  readonly guid: string;
  readonly name: string;
  readonly figures: PlayerFigures;
}

const groupOf = (id: string) =>
  Object.values(EXCLUSIVE).find((ids: readonly string[]) => ids.includes(id));

/**
 * An award's whole rule, as the README lists it: what is ranked, the activity a ratio needs, the awards
 * it excludes. Every award also needs a score above 0; a tie goes to the first name in alphabetical order.
 */
export function awardRuleText(id: string): string {
  const r = AWARD_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no award rule ${id}`);
  const group = groupOf(id);
  const titles = (group ?? []).map((other) => AWARD_RULES.find((x) => x.id === other)?.title);
  const listed = `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
  return [
    r.rule,
    r.ratio
      ? `Only players who played at least ${RATIO_MIN_SHARE * 100}% of the session’s longest time.`
      : '',
    group
      ? `A player gets at most one of ${listed}: they are given in that order, each to the best player who has none of them yet.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The awards of a session, in the order of AWARD_RULES; an award nobody earned (all zero) is left out. */
export function sessionAwards(players: readonly AwardCandidate[]): Award[] {
  const longest = Math.max(0, ...players.map((p) => p.figures.time_played_min));
  const active = players.filter((p) => p.figures.time_played_min >= RATIO_MIN_SHARE * longest);
  const ctx: AwardContext = {
    maxGiven: Math.max(0, ...players.map((p) => p.figures.damage_given)),
    maxReceived: Math.max(0, ...players.map((p) => p.figures.damage_received)),
  };
  /** Who holds an award of each exclusive group. */
  const holders = new Map<readonly string[], Set<string>>();
  const awards: Award[] = [];
  for (const r of AWARD_RULES) {
    const group = groupOf(r.id);
    const taken = group ? (holders.get(group) ?? new Set<string>()) : new Set<string>();
    const scored = (r.ratio ? active : players)
      .filter((p) => !taken.has(p.guid))
      .map((p) => ({ p, score: r.score(p.figures, ctx) }))
      .filter(
        (s): s is { p: AwardCandidate; score: number } =>
          s.score !== null && Number.isFinite(s.score) && s.score > 0,
      )
      .sort(
        (a, b) =>
          b.score - a.score || a.p.name.localeCompare(b.p.name) || a.p.guid.localeCompare(b.p.guid),
      );
    const best = scored[0];
    if (!best) continue;
    if (group) holders.set(group, taken.add(best.p.guid));
    const tiedWith = scored.filter((s) => s.score === best.score).length - 1;
    awards.push({
      id: r.id,
      emoji: r.emoji,
      title: r.title,
      for: r.for,
      guid: best.p.guid,
      name: best.p.name,
      figure: r.figure(best.p.figures),
      tiedWith,
    });
  }
  return awards;
}
