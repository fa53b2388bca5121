import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { decodeCustomIdParts } from '../discord/cursor.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { type Choice, reply, update } from '../discord/responses.ts';
import type { Queryable } from '../db/database.ts';
import { recentSessions, resolveSessionRef, sessionReport } from '../queries/session-report.ts';
import type { Command } from './registry.ts';
import type { CommandServices } from './services.ts';
import { isSessionView, type SessionMessageOptions, type SessionView, sessionMessage, viewNeedsWeapons } from './session-views.ts';

/** A session's message in one view, or null when the session is gone (a rebuild renumbered sessions). */
export async function sessionViewMessage(
  db: Queryable,
  id: number,
  view: SessionView,
  options: SessionMessageOptions = {},
): Promise<ImmediateMessage | null> {
  const report = await sessionReport(db, id, { weapons: viewNeedsWeapons(view) });
  return report ? sessionMessage(report, view, options) : null;
}

/** Autocomplete choices for a session option: recent sessions, or those matching the typed id or date. */
export async function sessionChoices(db: Queryable, typed: string, timeZone: string): Promise<Choice[]> {
  const sessions = await recentSessions(db, typed, timeZone);
  return sessions.map((s) => ({
    name: `#${s.id} · ${s.local_date} · ${s.round_count} rounds, ${s.map_count} maps, ${s.player_count} players`,
    value: String(s.id),
  }));
}

/**
 * The view menu of `/session` and `/last_session` messages (`session:view:<id>`, value = the view):
 * the message changes in place.
 */
export async function sessionViewComponent(db: Queryable, customId: string, values: readonly string[]) {
  const [action, idText, flag] = decodeCustomIdParts(customId);
  const view = values[0] ?? 'summary';
  const id = Number(idText);
  if (action !== 'view' || !Number.isSafeInteger(id) || !isSessionView(view)) {
    return reply('This menu is from an older version of the bot; run /last_session or /session again.', { ephemeral: true });
  }
  const message = await sessionViewMessage(db, id, view, { latest: flag === 'last' });
  if (!message) return reply(`Session #${id} no longer exists (sessions are renumbered after a rebuild); run /sessions.`, { ephemeral: true });
  return update(message);
}

/** `/session id-or-date`: one session's report, switchable between the same views as /last_session. */
export const session: Command<CommandServices> = {
  definition: {
    name: 'session',
    description: 'One gaming session: players, maps, team results, awards',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'session',
        description: 'Session id (e.g. 12) or start date (YYYY-MM-DD)',
        required: true,
        autocomplete: true,
        max_length: 20,
      },
    ],
  },
  async run(ctx) {
    const typed = stringOption(ctx.options, 'session') ?? '';
    const { db, config } = ctx.services;
    const ref = await resolveSessionRef(db, typed, config.serverTimeZone);
    if (!ref.ok) return reply(ref.reason, { ephemeral: true });
    const note = ref.sameDay.length > 0 ? `That day also had session${ref.sameDay.length > 1 ? 's' : ''} ${ref.sameDay.map((id) => `#${id}`).join(', ')}: ask for it by id.` : undefined;
    const message = await sessionViewMessage(db, ref.id, 'summary', note ? { note } : {});
    if (!message) return reply(`Session #${ref.id} disappeared while reading it; try again.`, { ephemeral: true });
    return reply(message);
  },
  autocomplete(ctx) {
    return sessionChoices(ctx.services.db, ctx.focused.value, ctx.services.config.serverTimeZone);
  },
  component(ctx) {
    return sessionViewComponent(ctx.services.db, ctx.customId, ctx.values);
  },
};
