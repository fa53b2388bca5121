import { escapeMarkdown } from '../../discord/markdown.ts';
import type { TeamNames } from '../../queries/team-names.ts';

/**
 * A session team for markdown (descriptions, field names and values): its custom name, escaped, with the
 * letter the tables use, e.g. "Zeta (A)"; "Team A" when no moderator named it.
 */
export function teamMarkdown(names: TeamNames, team: 'A' | 'B'): string {
  const custom = names[team];
  return custom ? `${escapeMarkdown(custom)} (${team})` : `Team ${team}`;
}

/** A chart's team label: the custom name alone (colours tell the teams apart there), or "Team A". */
export function teamChartName(names: TeamNames, team: 'A' | 'B'): string {
  return names[team] ?? `Team ${team}`;
}
