import {
  changedLineup,
  lineupChanges,
  type MapLineup,
  mapLineups,
} from '../../../stats/lineups.ts';
import { clipText, LIMITS } from '../../discord/limits.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import type { SessionReport } from '../../queries/session-report.ts';
import { nameList } from '../kit/text-format.ts';
import { teamMarkdown } from '../kit/team-name.ts';

// The lineups view: each team's players on the first map play, then, map play by map play, who joined and
// who left each team. Map plays with no change are counted, not listed, so a long stable evening stays short.

/** The lineups of the session's map plays, in play order (orphan R2s carry no players and are left out). */
export function sessionLineups(
  report: SessionReport,
): { order: number; map: string; lineup: MapLineup }[] {
  const byPlay = mapLineups(report.rounds.map((r) => ({ play: r.matchId, players: r.players })));
  return report.maps.flatMap((m) => {
    const lineup = m.matchId === null ? undefined : byPlay.get(m.matchId);
    return lineup ? [{ order: m.order, map: m.map, lineup }] : [];
  });
}

export function lineupsText(report: SessionReport): string {
  if (!report.players.some((p) => p.team !== null))
    return '_Teams are not worked out yet for this session (the recompute runs after each import)._';
  const plays = sessionLineups(report);
  const [first] = plays;
  if (!first) return 'No map play has player figures yet: no lineup to show.';
  const names = new Map(report.players.map((p) => [p.guid, p.name]));
  const list = (guids: readonly string[]) =>
    guids.length === 0
      ? '—'
      : nameList(
          guids.map((g) => names.get(g) ?? g),
          400,
        );
  const team = (t: 'A' | 'B') => teamMarkdown(report.teamNames, t);
  const lines = [
    `**Start** (${first.order}. ${escapeMarkdown(first.map)})`,
    `${team('A')}: ${list(first.lineup.A)}`,
    `${team('B')}: ${list(first.lineup.B)}`,
    '',
  ];
  const changes = lineupChanges(plays.map((p) => p.lineup));
  let unchanged = 0;
  for (const [i, change] of changes.entries()) {
    const play = plays[i + 1] as (typeof plays)[number];
    if (!changedLineup(change)) {
      unchanged++;
      continue;
    }
    const moves = (['A', 'B'] as const).flatMap((t) => {
      const { joined, left } = change[t];
      const parts = [
        joined.length > 0 ? `+ ${list(joined)}` : '',
        left.length > 0 ? `− ${list(left)}` : '',
      ].filter(Boolean);
      return parts.length > 0 ? [`${team(t)}: ${parts.join('  ')}`] : [];
    });
    lines.push(`**${play.order}. ${escapeMarkdown(play.map)}**`, ...moves);
  }
  if (changes.length === 0) lines.push('One map play: no lineup change to show.');
  else if (unchanged === changes.length) lines.push('Both lineups stayed the same all session.');
  else if (unchanged > 0)
    lines.push(`_${unchanged} more map play${unchanged === 1 ? '' : 's'} with no change._`);
  return clipText(lines.join('\n'), LIMITS.description - 400);
}
