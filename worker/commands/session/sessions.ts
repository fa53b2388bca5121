import type { APIEmbed } from 'discord-api-types/v10';
import { decodePageCursor, pageButtons } from '../../discord/cursor.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { reply, update } from '../../discord/responses.ts';
import type { Queryable } from '../../db/database.ts';
import { type ListedSession, sessionPage } from '../../queries/session-report.ts';
import type { Command } from '../../discord/command.ts';
import { teamMarkdown } from '../kit/team-name.ts';
import { type CommandServices, communityOf } from '../../services.ts';

export const SESSIONS_PAGE_SIZE = 10;
const COLOUR = 0xc0392b;

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function minutesBetween(from: string, to: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`
    : `${minutes} min`;
}

function score(s: ListedSession): string {
  if (s.team_a_maps === null || s.team_b_maps === null) return '';
  const maps = `${s.team_a_maps}–${s.team_b_maps}`;
  const names = { A: s.team_a_name, B: s.team_b_name };
  return s.winner === null ? ` · draw ${maps}` : ` · ${teamMarkdown(names, s.winner)} won ${maps}`;
}

/** One page of the session list (page 0 is the newest); pages past the end show the last one. */
export async function sessionsMessage(
  db: Queryable,
  communityId: number,
  page: number,
): Promise<ImmediateMessage> {
  let { sessions, total } = await sessionPage(db, communityId, page, SESSIONS_PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(total / SESSIONS_PAGE_SIZE));
  let shown = page;
  if (sessions.length === 0 && total > 0) {
    shown = pageCount - 1;
    ({ sessions, total } = await sessionPage(db, communityId, shown, SESSIONS_PAGE_SIZE));
  }
  const lines = sessions.map(
    (s) =>
      `**#${s.id}** · <t:${unix(s.started_at)}:f> (${minutesBetween(s.started_at, s.ended_at)}) · ${s.round_count} rounds · ${s.map_count} maps · ${s.player_count} players${score(s)}`,
  );
  const embed: APIEmbed = {
    title: `Gaming sessions (${total})`,
    description: lines.join('\n') || 'No session has been played yet.',
    color: COLOUR,
    footer: { text: 'Newest first · /session <id or YYYY-MM-DD> shows one · maps won per team' },
  };
  return total > SESSIONS_PAGE_SIZE
    ? { embeds: [embed], components: [pageButtons('sessions', 'page', { page: shown, pageCount })] }
    : { embeds: [embed] };
}

/** `/sessions`: every gaming session, newest first, ten per page; ◀ ▶ change the page in place. */
export const sessions: Command<CommandServices> = {
  definition: { name: 'sessions', description: 'Every gaming session, newest first' },
  async run(ctx) {
    return reply(await sessionsMessage(ctx.services.db, communityOf(ctx.services).id, 0));
  },
  async component(ctx) {
    const cursor = decodePageCursor(ctx.customId);
    if (cursor?.action !== 'page')
      return reply('This button is from an older version of the bot; run /sessions again.', {
        ephemeral: true,
      });
    return update(
      await sessionsMessage(ctx.services.db, communityOf(ctx.services).id, cursor.cursor.page),
    );
  },
};
