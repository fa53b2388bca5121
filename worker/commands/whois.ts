import { communityOf } from '../services.ts';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Database } from '../db/database.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import {
  findPlayers,
  linkedGuids,
  namesOf,
  type PlayerMatch,
  roundCounts,
} from '../queries/links.ts';
import { playerChoices } from './kit/autocomplete.ts';
import { formatDay, nameList, playerName, plural } from './kit/text-format.ts';
import { quote } from './kit/player-option.ts';
import type { Command } from '../discord/command.ts';
import type { CommandServices } from '../services.ts';

const COLOUR = 0x99aab5;
const SHOWN = 10;

export interface WhoisEntry extends PlayerMatch {
  readonly names: readonly string[];
  readonly rounds: number;
  readonly linked: boolean;
}

/** `/whois name`: who uses or used a name (any part of it, any alias) or a GUID. */
export const whois: Command<CommandServices> = {
  definition: {
    name: 'whois',
    description: 'Who plays under a name: part of a name, an old name, or a GUID',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        description: 'A name, part of one, or a GUID',
        required: true,
        autocomplete: true,
        max_length: 64,
      },
    ],
  },
  access: 'public',
  async run(ctx) {
    const text = stringOption(ctx.options, 'name')?.trim() ?? '';
    if (text === '')
      return reply('Give part of a name or a GUID to look for.', { ephemeral: true });
    const entries = await whoisData(ctx.services.db, communityOf(ctx.services).id, text);
    if (entries.length === 0)
      return reply(`No player matches '${quote(text)}'.`, { ephemeral: true });
    return reply(whoisMessage(text, entries));
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

/** Everyone matching the text (at most SHOWN + 1, to tell there are more), with every name, rounds and link. */
export async function whoisData(
  db: Database,
  communityId: number,
  text: string,
): Promise<WhoisEntry[]> {
  const found = await findPlayers(db, communityId, text, SHOWN + 1);
  const guids = found.map((p) => p.guid);
  const [names, rounds, linked] = [
    await namesOf(db, communityId, guids),
    await roundCounts(db, communityId, guids),
    await linkedGuids(db, communityId, guids),
  ];
  return found.map((p) => ({
    ...p,
    names: names.get(p.guid) ?? [p.name],
    rounds: rounds.get(p.guid) ?? 0,
    linked: linked.has(p.guid),
  }));
}

export function whoisMessage(text: string, entries: readonly WhoisEntry[]): ImmediateMessage {
  const shown = entries.slice(0, SHOWN);
  const lines = shown.map((p) => {
    const others = p.names.filter((n) => n !== p.name);
    const head = `**${playerName(p.name)}** \`${p.guid}\`${p.bot ? ' · bot' : ''}${p.linked ? ' · linked to Discord' : ''}`;
    const facts = `${plural(p.rounds, 'round')} · last seen ${formatDay(p.last_seen_at)}`;
    const also =
      others.length > 0 ? `\nalso: ${nameList(others, shown.length === 1 ? 3000 : 300)}` : '';
    return `${head}\n${facts}${also}`;
  });
  const more = entries.length > SHOWN ? `\n\nMore players match: type more of the name.` : '';
  return {
    embeds: [
      {
        title: `Who is '${quote(text)}'?`,
        description: `${lines.join('\n\n')}${more}`,
        color: COLOUR,
        footer: { text: '/stats player:<GUID> shows one of them' },
      },
    ],
  };
}
