import type { APIEmbed } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { decodePageCursor, pageButtons } from '../discord/cursor.ts';
import { numberOption, stringOption } from '../discord/interaction.ts';
import { clipText, LIMITS } from '../discord/limits.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply, update } from '../discord/responses.ts';
import type { Queryable } from '../db/database.ts';
import type { Command, CommandContext } from '../discord/command.ts';
import {
  type LineupSession,
  lineupHistory,
  lineupRecord,
  namesOf,
  sessionLineup,
} from '../queries/team-history.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { playerOption, resolvePlayer } from './kit/player-option.ts';
import { nameList, plural } from './kit/text-format.ts';

/** Players a lineup can name: ET teams are at most six a side here, and six GUIDs fit a button's id. */
export const LINEUP_MAX = 6;
export const HISTORY_PAGE_SIZE = 10;
const COLOUR = 0x2e86c1;
const PLAYER_OPTIONS = Array.from({ length: LINEUP_MAX }, (_, i) => `player${i + 1}`);

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

type Lineup = { ok: true; guids: string[] } | { ok: false; reason: string };

/** The lineup the options name: the players given, or the starters of a session's team. */
async function lineupOf(ctx: CommandContext<CommandServices>): Promise<Lineup> {
  const sessionId = numberOption(ctx.options, 'session');
  const team = stringOption(ctx.options, 'team');
  const typed = PLAYER_OPTIONS.map((o) => stringOption(ctx.options, o)).filter(
    (t): t is string => t !== undefined && t.trim() !== '',
  );
  if (sessionId !== undefined) {
    if (typed.length > 0)
      return { ok: false, reason: 'Give either players or a session’s team, not both.' };
    if (team !== 'A' && team !== 'B')
      return { ok: false, reason: `Say which team of session ${sessionId}: team A or B.` };
    const guids = await sessionLineup(
      ctx.services.db,
      communityOf(ctx.services).id,
      sessionId,
      team,
    );
    if (guids.length === 0)
      return {
        ok: false,
        reason: `Session ${sessionId} has no team ${team}: check the number in /sessions (teams are worked out after each import).`,
      };
    return { ok: true, guids: guids.slice(0, LINEUP_MAX) };
  }
  if (typed.length < 2)
    return {
      ok: false,
      reason: 'Name at least two players (player1, player2…), or give a session and a team.',
    };
  const guids: string[] = [];
  for (const text of typed) {
    const found = await resolvePlayer(ctx.services, text, ctx.caller.userId);
    if (!found.ok) return found;
    if (guids.includes(found.player.guid))
      return { ok: false, reason: 'The same player is named twice: name each player once.' };
    guids.push(found.player.guid);
  }
  return { ok: true, guids };
}

const RESULT_WORDS = { won: 'won', lost: 'lost', drawn: 'drew' } as const;

function sessionLine(s: LineupSession): string {
  const team = s.teamName ? `${escapeMarkdown(s.teamName)} (${s.team})` : `Team ${s.team}`;
  const result = s.result === null ? 'no complete map' : RESULT_WORDS[s.result];
  const maps = `maps ${s.mapsWon}–${s.mapsLost}${s.mapsDrawn > 0 ? ` (${s.mapsDrawn} drawn)` : ''}`;
  return `**#${s.sessionId}** · <t:${unix(s.startedAt)}:d> · as ${team} of ${s.teamSize} · **${result}** · ${maps}`;
}

/** One page of a lineup's history (page 0 is the newest); pages past the end show the last one. */
export async function teamHistoryMessage(
  db: Queryable,
  communityId: number,
  guids: readonly string[],
  page: number,
): Promise<ImmediateMessage> {
  const [names, sessions] = [await namesOf(db, guids), await lineupHistory(db, communityId, guids)];
  const who = nameList(
    guids.map((g) => names.get(g) ?? g),
    200,
  );
  const pageCount = Math.max(1, Math.ceil(sessions.length / HISTORY_PAGE_SIZE));
  const shown = Math.min(Math.max(0, page), pageCount - 1);
  const record = lineupRecord(sessions);
  const summary =
    sessions.length === 0
      ? `${who} never played a session on the same team here. Check the names, or try fewer players.`
      : `${plural(record.sessions, 'session')} on one team: won ${record.won}, lost ${record.lost}, drew ${record.drawn} · maps ${record.mapsWon}–${record.mapsLost}${record.mapsDrawn > 0 ? ` (${record.mapsDrawn} drawn)` : ''}`;
  const lines = sessions
    .slice(shown * HISTORY_PAGE_SIZE, (shown + 1) * HISTORY_PAGE_SIZE)
    .map(sessionLine);
  const embed: APIEmbed = {
    title: clipText(
      `Lineup history: ${guids.map((g) => names.get(g) ?? g).join(', ')}`,
      LIMITS.title,
    ),
    description: clipText([`${who}`, summary, '', ...lines].join('\n'), LIMITS.description),
    color: COLOUR,
    footer: {
      text: 'Newest first · a session counts when all of them were on one team · /session <id> shows it',
    },
  };
  return sessions.length > HISTORY_PAGE_SIZE
    ? {
        embeds: [embed],
        components: [
          pageButtons('teams', 'history', { page: shown, pageCount, args: [guids.join('.')] }),
        ],
      }
    : { embeds: [embed] };
}

/**
 * `/teams history`: how a lineup did over time, the old bot's `!team_history`. The lineup is up to six
 * players, or the starters of one team of a session; ◀ ▶ page through its sessions in place.
 */
export const teams: Command<CommandServices> = {
  definition: {
    name: 'teams',
    description: 'Teams over time',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'history',
        description: 'How a lineup did over time: its sessions and maps won, lost and drawn',
        options: [
          ...PLAYER_OPTIONS.map((o, i) =>
            playerOption(o, i === 0 ? 'A player of the lineup' : 'Another player of the lineup'),
          ),
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'session',
            description: 'Or: the lineup of a team of this session (its starters)',
            required: false,
            min_value: 1,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'team',
            description: 'With session: which team',
            required: false,
            choices: [
              { name: 'A', value: 'A' },
              { name: 'B', value: 'B' },
            ],
          },
        ],
      },
    ],
  },
  async run(ctx) {
    if (ctx.subcommand[0] !== 'history') return reply('Use /teams history.', { ephemeral: true });
    const lineup = await lineupOf(ctx);
    if (!lineup.ok) return reply(lineup.reason, { ephemeral: true });
    return reply(
      await teamHistoryMessage(ctx.services.db, communityOf(ctx.services).id, lineup.guids, 0),
    );
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
  async component(ctx) {
    const cursor = decodePageCursor(ctx.customId);
    const guids = cursor?.cursor.args[0]?.split('.') ?? [];
    if (
      cursor?.action !== 'history' ||
      guids.length === 0 ||
      guids.length > LINEUP_MAX ||
      !guids.every((g) => /^[0-9A-Za-z]{1,32}$/.test(g))
    )
      return reply('This button is from an older version of the bot; run /teams history again.', {
        ephemeral: true,
      });
    return update(
      await teamHistoryMessage(
        ctx.services.db,
        communityOf(ctx.services).id,
        guids,
        cursor.cursor.page,
      ),
    );
  },
};
