import type { APIEmbedField } from 'discord-api-types/v10';
import { clipText, LIMITS } from '../../discord/limits.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import type {
  SessionMapPlay,
  SessionReport,
  SessionRoundPlay,
} from '../../queries/session-report.ts';
import { formatClock, playerName } from '../kit/text-format.ts';
import { teamMarkdown } from '../kit/team-name.ts';
import { oneDecimal } from './session-tables.ts';

// The maps view: each map play with its score, then round 1 and round 2 apart: who attacked, how it
// ended and in what time, and the round's best players. An orphan R2 or an R1 still waiting for its R2
// has no rounds to break down and says so.

/** Best players named per round: three fit a phone line each. */
export const TOP_PER_ROUND = 3;
/**
 * Characters the map fields may take together: an embed holds 6000 in all, and the header line, title and
 * footer need the rest. Map plays past the budget are counted in a last field.
 */
const MAP_FIELDS_BUDGET = 4800;

const name = (text: string) => playerName(clipText(text, 24));

/** A map play's score line: teams' points, or why there are none. */
export function mapScore(report: SessionReport, play: SessionMapPlay): string {
  if (play.orphan) return 'R2 only (its R1 is missing, figures unknown)';
  if (!play.complete) return 'R1 only';
  if (play.points)
    return `${teamMarkdown(report.teamNames, 'A')} ${play.points.A} : ${play.points.B} ${teamMarkdown(report.teamNames, 'B')}`;
  return `first attackers ${play.firstAttackersPoints ?? '?'} : ${play.firstDefendersPoints ?? '?'} first defenders`;
}

/**
 * The rating's call before the map: the favourite's chance, and "upset" when the favourite lost. Seen
 * from the teams once detected, else from the first attackers.
 */
export function predictionNote(report: SessionReport, play: SessionMapPlay): string {
  if (play.expected === null) return '';
  const firstFavoured = play.expected >= 0.5;
  const chance = Math.round(Math.max(play.expected, 1 - play.expected) * 100);
  const first = play.firstAttackersTeam;
  const favourite = first
    ? teamMarkdown(report.teamNames, firstFavoured ? first : first === 'A' ? 'B' : 'A')
    : firstFavoured
      ? 'first attackers'
      : 'first defenders';
  const fa = play.firstAttackersPoints;
  const upset = fa !== null && fa !== 1 && chance > 50 && (fa === 2) !== firstFavoured;
  return ` · ${favourite} ${chance}% to win${upset ? ' · **upset**' : ''}`;
}

/** "R1 · Team A attacked · objective in 7:32", then the round's best players by DPM. */
export function roundLines(report: SessionReport, round: SessionRoundPlay): string[] {
  const names = new Map(report.players.map((p) => [p.guid, p.name]));
  const who = round.attackers
    ? `${teamMarkdown(report.teamNames, round.attackers)} attacked`
    : round.round === 1
      ? 'first attackers attacked'
      : 'first defenders attacked';
  const time = round.durationS === null ? 'time unknown' : formatClock(round.durationS);
  const end = round.attackersWon ? `objective in ${time}` : `defence held (${time})`;
  const top = round.players
    .slice(0, TOP_PER_ROUND)
    .map(
      (p) => `${name(names.get(p.guid) ?? p.guid)} ${oneDecimal(p.dpm)} DPM ${p.kills}/${p.deaths}`,
    );
  return [
    `**R${round.round}** · ${who} · ${end}`,
    top.length > 0 ? `└ ${top.join(' · ')}` : '└ no human played it',
  ];
}

/** One field per map play with its rounds, as many as fit the embed. */
export function mapFields(report: SessionReport): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let size = 0;
  for (const [i, play] of report.maps.entries()) {
    const rounds = report.rounds.filter((r) => play.matchId !== null && r.matchId === play.matchId);
    const lines = rounds.flatMap((r) => roundLines(report, r));
    const field = {
      name: clipText(
        `${play.order}. ${escapeMarkdown(play.map)} · ${mapScore(report, play)}${predictionNote(report, play)}`,
        LIMITS.fieldName,
      ),
      value: clipText(
        lines.join('\n') || 'No round to break down: its R1 and R2 are not both in.',
        LIMITS.fieldValue,
      ),
    };
    const cost = field.name.length + field.value.length;
    if (size + cost > MAP_FIELDS_BUDGET || fields.length === LIMITS.fields - 1) {
      fields.push({
        name: '…',
        value: `${report.maps.length - i} more map plays not shown: the message has no room for them.`,
      });
      break;
    }
    fields.push(field);
    size += cost;
  }
  return fields;
}
