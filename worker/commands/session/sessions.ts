import { type APIEmbed, ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Command } from '../../discord/command.ts';
import { decodePageCursor, pageButtons } from '../../discord/cursor.ts';
import { stringOption } from '../../discord/interaction.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { type Reply, reply, type Update, update } from '../../discord/responses.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import type { Queryable } from '../../db/database.ts';
import { type ListedSession, monthsPlayed, sessionPage } from '../../queries/session-list.ts';
import { teamMarkdown } from '../kit/team-name.ts';
import { type CommandServices, communityOf } from '../../services.ts';
import { plural } from '../kit/text-format.ts';

export const SESSIONS_PAGE_SIZE = 10;
const COLOUR = 0xc0392b;

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function minutesBetween(from: string, to: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`
    : `${minutes} min`;
}

/**
 * The session's result in maps: won by each team, and drawn (a double fullhold is a 1–1 draw, so a
 * drawn map is neither team's). Equal maps won is a draw, told with what made it one.
 */
export function sessionScore(s: ListedSession): string {
  if (s.team_a_maps === null || s.team_b_maps === null) return '';
  const won = s.team_a_maps + s.team_b_maps > 0 ? `${s.team_a_maps}–${s.team_b_maps}` : null;
  const drawn = s.drawn_maps ? plural(s.drawn_maps, 'map') : null;
  if (s.winner !== null) {
    const [mine, theirs] =
      s.winner === 'A' ? [s.team_a_maps, s.team_b_maps] : [s.team_b_maps, s.team_a_maps];
    const names = { A: s.team_a_name, B: s.team_b_name };
    return ` · ${teamMarkdown(names, s.winner)} won ${mine}–${theirs}${drawn ? ` (${drawn} drawn)` : ''}`;
  }
  if (won === null && drawn === null) return '';
  const parts = [...(won ? [`${won} in maps`] : []), ...(drawn ? [`${drawn} drawn`] : [])];
  return ` · draw: ${parts.join(', ')}`;
}

/** A `YYYY-MM` month, or null when the text is not one. */
export function parseMonth(text: string): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${m[2]}` : null;
}

const monthName = (month: string) =>
  new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** What to say when a month has no session: the months that have some. */
async function noSessionIn(
  db: Queryable,
  communityId: number,
  month: { readonly month: string; readonly timeZone: string },
): Promise<string> {
  const played = await monthsPlayed(db, communityId, month.timeZone);
  return `No session started in ${monthName(month.month)}. ${
    played.length > 0
      ? `Months with sessions: ${played.join(', ')}; run /sessions with one of them, or without a month.`
      : 'No session has been played yet.'
  }`;
}

/**
 * One page of the session list (page 0 is the newest); pages past the end show the last one. With a
 * month (`YYYY-MM`, in the servers' time zone), that month's sessions; null when that month has none.
 */
export async function sessionsMessage(
  db: Queryable,
  communityId: number,
  page: number,
  month?: { readonly month: string; readonly timeZone: string },
): Promise<ImmediateMessage | null> {
  let { sessions, total } = await sessionPage(db, communityId, page, SESSIONS_PAGE_SIZE, month);
  if (total === 0 && month) return null;
  const pageCount = Math.max(1, Math.ceil(total / SESSIONS_PAGE_SIZE));
  let shown = page;
  if (sessions.length === 0 && total > 0) {
    shown = pageCount - 1;
    ({ sessions, total } = await sessionPage(db, communityId, shown, SESSIONS_PAGE_SIZE, month));
  }
  const lines = sessions.map(
    (s) =>
      `**#${s.id}** · <t:${unix(s.started_at)}:f> (${minutesBetween(s.started_at, s.ended_at)}) · ${s.round_count} rounds · ${s.map_count} maps · ${s.player_count} players${sessionScore(s)}`,
  );
  const embed: APIEmbed = {
    title: month
      ? `Gaming sessions of ${monthName(month.month)} (${total})`
      : `Gaming sessions (${total})`,
    description: lines.join('\n') || 'No session has been played yet.',
    color: COLOUR,
    footer: {
      text: 'Newest first · an id is the minute the session started (UTC) · /session <id or YYYY-MM-DD> shows one · maps won per team',
    },
  };
  const args = month ? [month.month] : [];
  return total > SESSIONS_PAGE_SIZE
    ? {
        embeds: [embed],
        components: [pageButtons('sessions', 'page', { page: shown, pageCount, args })],
      }
    : { embeds: [embed] };
}

/** A page of sessions sent with `send` (a new message or an update), or why the month has none (privately). */
async function sessionsAnswer<R extends Reply | Update>(
  services: CommandServices,
  page: number,
  month: string | undefined,
  send: (message: ImmediateMessage) => R,
): Promise<R | Reply> {
  const communityId = communityOf(services).id;
  const scope =
    month === undefined ? undefined : { month, timeZone: services.config.serverTimeZone };
  const message = await sessionsMessage(services.db, communityId, page, scope);
  if (message) return send(message);
  return reply(await noSessionIn(services.db, communityId, scope as NonNullable<typeof scope>), {
    ephemeral: true,
  });
}

/** `/sessions [month]`: every gaming session (or a month's), newest first, ten per page; ◀ ▶ page in place. */
export const sessions: Command<CommandServices> = {
  definition: {
    name: 'sessions',
    description: 'Every gaming session, newest first',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'month',
        description: 'Only this month’s sessions (YYYY-MM, e.g. 2026-11)',
        required: false,
        max_length: 7,
      },
    ],
  },
  async run(ctx) {
    const typed = stringOption(ctx.options, 'month');
    const month = typed === undefined ? undefined : parseMonth(typed);
    if (month === null)
      return reply(
        `"${escapeMarkdown((typed ?? '').slice(0, 16))}" is not a month: give it as YYYY-MM, e.g. 2026-11.`,
        { ephemeral: true },
      );
    return sessionsAnswer(ctx.services, 0, month, reply);
  },
  async component(ctx) {
    const cursor = decodePageCursor(ctx.customId);
    const typed = cursor?.cursor.args[0];
    const month = typed === undefined ? undefined : parseMonth(typed);
    if (cursor?.action !== 'page' || month === null)
      return reply('This button is from an older version of the bot; run /sessions again.', {
        ephemeral: true,
      });
    return sessionsAnswer(ctx.services, cursor.cursor.page, month, update);
  },
};
