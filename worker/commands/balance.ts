import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { fairestSplits, MAX_BALANCE_PLAYERS, type Split } from '../../stats/rating/balance.ts';
import { beliefAt, DEFAULT_PARAMETERS } from '../../stats/rating/model.ts';
import { stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { beliefsOf } from '../queries/rating.ts';
import type { PlayerRef } from '../queries/links.ts';
import { resolvePlayer, resolvePlayerOrMember } from './kit/player-option.ts';
import { playerName } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

const COLOUR = 0x1abc9c;
const MENTION = /^<@!?(\d{1,20})>$/;

/** The names or mentions given, one player each: commas separate them, and so does a mention. */
export function balanceTokens(text: string): string[] {
  return text
    .replace(/(<@!?\d+>)/g, ',$1,')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** `/balance players:<names or @mentions>`: the fairest split of up to 12 players by their ratings. */
export const balance: Command<CommandServices> = {
  definition: {
    name: 'balance',
    description: 'Split up to 12 players into the two fairest teams by rating',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'players',
        description: 'Names (comma-separated) or @mentions of linked players, 2 to 12',
        required: true,
        max_length: 1000,
      },
    ],
  },
  access: 'public',
  async run(ctx) {
    const tokens = balanceTokens(stringOption(ctx.options, 'players') ?? '');
    if (tokens.length < 2 || tokens.length > MAX_BALANCE_PLAYERS)
      return reply(
        `Give 2 to ${MAX_BALANCE_PLAYERS} players, separated by commas or as @mentions (you gave ${tokens.length}).`,
        { ephemeral: true },
      );
    const found: PlayerRef[] = [];
    for (const token of tokens) {
      const member = MENTION.exec(token)?.[1];
      const player = member
        ? await resolvePlayerOrMember(ctx.services, undefined, member, ctx.caller.userId)
        : await resolvePlayer(ctx.services, token, ctx.caller.userId);
      if (!player.ok) return reply(`${token}: ${player.reason}`, { ephemeral: true });
      if (found.some((p) => p.guid === player.player.guid))
        return reply(`${playerName(player.player.name)} is named twice: name each player once.`, {
          ephemeral: true,
        });
      found.push(player.player);
    }
    const beliefs = await beliefsOf(
      ctx.services.db,
      communityOf(ctx.services).id,
      found.map((p) => p.guid),
    );
    const now = ctx.now().getTime();
    const players = found.map((p) => {
      const b = beliefs.get(p.guid);
      const state = new Map(
        b ? [[p.guid, { mu: b.mu, sigma2: b.sigma2, at: Date.parse(b.at) }]] : [],
      );
      return { guid: p.guid, ...beliefAt(state, p.guid, now, DEFAULT_PARAMETERS) };
    });
    const names = new Map(found.map((p) => [p.guid, playerName(p.name)]));
    const unrated = found.filter((p) => !beliefs.has(p.guid)).map((p) => playerName(p.name));
    return reply(balanceMessage(fairestSplits(players, 3), names, unrated));
  },
};

export function balanceMessage(
  splits: readonly Split[],
  names: ReadonlyMap<string, string>,
  unrated: readonly string[],
): ImmediateMessage {
  const team = (guids: readonly string[]) => guids.map((g) => names.get(g) ?? g).join(', ');
  const pct = (chance: number) => `${Math.round(chance * 100)}%`;
  const [best, ...others] = splits;
  if (!best) throw new Error('fairestSplits gives at least one split for 2 or more players');
  const lines = [
    `**Team A** (${pct(best.chance)} to win): ${team(best.teamA)}`,
    `**Team B** (${pct(1 - best.chance)}): ${team(best.teamB)}`,
    ...(others.length > 0
      ? [
          '',
          'Next best:',
          ...others.map((s) => `${pct(s.chance)}: ${team(s.teamA)} vs ${team(s.teamB)}`),
        ]
      : []),
    ...(unrated.length > 0
      ? ['', `No rated map yet, counted as newcomers: ${unrated.join(', ')}`]
      : []),
  ];
  return {
    embeds: [
      {
        title: 'Fairest teams',
        description: lines.join('\n'),
        color: COLOUR,
        footer: { text: 'Chance of winning a map, from the players’ ratings (see /rating)' },
      },
    ],
  };
}
