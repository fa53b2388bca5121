import { escapeMarkdown } from '../../discord/markdown.ts';
import type { TeamNames } from '../../queries/team-names.ts';

/**
 * A session team as plain text (chart legends, alt text): its custom name with the letter the tables
 * use, e.g. "Zeta (A)", or "Team A" when no moderator named it.
 */
export function teamText(names: TeamNames, team: 'A' | 'B'): string {
  const custom = names[team];
  return custom ? `${custom} (${team})` : `Team ${team}`;
}

/** The same for markdown (descriptions, field names and values): the custom name escaped. */
export function teamMarkdown(names: TeamNames, team: 'A' | 'B'): string {
  const custom = names[team];
  return custom ? `${escapeMarkdown(custom)} (${team})` : `Team ${team}`;
}
