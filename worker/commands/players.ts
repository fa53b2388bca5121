import type { APIEmbed } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Command } from '../discord/command.ts';
import { decodePageCursor, pageButtons } from '../discord/cursor.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply, update } from '../discord/responses.ts';
import type { Queryable } from '../db/database.ts';
import {
  ACTIVE_DAYS,
  type ListedPlayer,
  PLAYER_FILTERS,
  type PlayerFilter,
  playerList,
} from '../queries/players.ts';
import { type CommandServices, communityOf } from '../services.ts';
import { quote } from './kit/player-option.ts';
import { formatCount, playerName, plural } from './kit/text-format.ts';

export const PLAYERS_PAGE_SIZE = 15;
const COLOUR = 0x5865f2;

const FILTER_TITLES: Readonly<Record<PlayerFilter, string>> = {
  all: 'Players',
  linked: 'Players linked to Discord',
  unlinked: 'Players without a Discord link',
  active: `Players active in the last ${ACTIVE_DAYS} days`,
};

const FILTER_EMPTY: Readonly<Record<PlayerFilter, string>> = {
  all: 'No round has been played on this community’s servers yet.',
  linked: 'Nobody has linked a player yet: `/link player:<your name>` links yours.',
  unlinked: 'Every player is linked to a Discord user.',
  active: `Nobody played in the last ${ACTIVE_DAYS} days: \`/players\` lists everyone.`,
};

const isFilter = (value: string): value is PlayerFilter =>
  (PLAYER_FILTERS as readonly string[]).includes(value);

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function playerLine(p: ListedPlayer): string {
  const link = p.user_id ? ` · <@${p.user_id}>` : '';
  return `**${playerName(p.name)}** \`${p.guid}\` · ${plural(p.rounds, 'round')} · <t:${unix(p.last_played_at)}:R>${link}`;
}

/** The data of one page; past the end it is the last page (the list shrank since the buttons were drawn). */
export async function playersData(
  db: Queryable,
  communityId: number,
  filter: PlayerFilter,
  page: number,
  now: Date,
) {
  const ask = (at: number) =>
    playerList(db, communityId, { filter, page: at, pageSize: PLAYERS_PAGE_SIZE, now });
  const first = await ask(page);
  const pageCount = Math.max(1, Math.ceil(first.total / PLAYERS_PAGE_SIZE));
  if (first.players.length > 0 || page < pageCount) return { ...first, filter, page, pageCount };
  return { ...(await ask(pageCount - 1)), filter, page: pageCount - 1, pageCount };
}

export type PlayersData = Awaited<ReturnType<typeof playersData>>;

export function playersMessage(data: PlayersData): ImmediateMessage {
  const embed: APIEmbed = {
    title: `${FILTER_TITLES[data.filter]} (${formatCount(data.total)})`,
    description: data.players.map(playerLine).join('\n') || FILTER_EMPTY[data.filter],
    color: COLOUR,
    footer: {
      text: 'Most recently played first · bots are not listed · /stats player:<GUID> shows one',
    },
  };
  return data.pageCount > 1
    ? {
        embeds: [embed],
        components: [
          pageButtons('players', 'page', {
            page: data.page,
            pageCount: data.pageCount,
            args: [data.filter],
          }),
        ],
      }
    : { embeds: [embed] };
}

/** `/players [filter]`: the community's players, fifteen per page; ◀ ▶ change the page in place. */
export const players: Command<CommandServices> = {
  definition: {
    name: 'players',
    description: 'Every player of this community: name, GUID, rounds, last played, Discord link',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'filter',
        description: 'Which players (default: all)',
        required: false,
        choices: [
          { name: 'All', value: 'all' },
          { name: 'Linked to Discord', value: 'linked' },
          { name: 'Not linked to Discord', value: 'unlinked' },
          { name: `Active (last ${ACTIVE_DAYS} days)`, value: 'active' },
        ],
      },
    ],
  },
  async run(ctx) {
    const filter = stringOption(ctx.options, 'filter') ?? 'all';
    if (!isFilter(filter))
      return reply(
        `There is no "${quote(filter)}" filter: use ${PLAYER_FILTERS.join(', ')}, or none for all.`,
        { ephemeral: true },
      );
    const { db } = ctx.services;
    return reply(
      playersMessage(await playersData(db, communityOf(ctx.services).id, filter, 0, ctx.now())),
    );
  },
  async component(ctx) {
    const cursor = decodePageCursor(ctx.customId);
    const filter = cursor?.cursor.args[0] ?? '';
    if (cursor?.action !== 'page' || !isFilter(filter))
      return reply('This button is from an older version of the bot; run /players again.', {
        ephemeral: true,
      });
    const { db } = ctx.services;
    return update(
      playersMessage(
        await playersData(db, communityOf(ctx.services).id, filter, cursor.cursor.page, ctx.now()),
      ),
    );
  },
};
