import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { fairestSplits, MAX_BALANCE_PLAYERS, type Split } from '../../stats/rating/balance.ts';
import { beliefAt, DEFAULT_PARAMETERS } from '../../stats/rating/model.ts';
import { booleanOption, stringOption } from '../discord/interaction.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { defer, reply } from '../discord/responses.ts';
import { beliefsOf } from '../queries/rating.ts';
import type { PlayerRef } from '../queries/links.ts';
import { linkedInChannels, readVoiceSettings } from '../queries/voice.ts';
import { resolvePlayer, resolvePlayerOrMember } from './kit/player-option.ts';
import { playerName } from './kit/text-format.ts';
import type { Command, CommandContext } from '../discord/command.ts';
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

type Ctx = CommandContext<CommandServices>;
type Found = { ok: true; players: PlayerRef[] } | { ok: false; reason: string };

/** The players named or mentioned, each once. */
async function named(ctx: Ctx, tokens: readonly string[], found: PlayerRef[]): Promise<Found> {
  for (const token of tokens) {
    const member = MENTION.exec(token)?.[1];
    const player = member
      ? await resolvePlayerOrMember(ctx.services, undefined, member, ctx.caller.userId)
      : await resolvePlayer(ctx.services, token, ctx.caller.userId);
    if (!player.ok) return { ok: false, reason: `${token}: ${player.reason}` };
    if (found.some((p) => p.guid === player.player.guid))
      return {
        ok: false,
        reason: `${playerName(player.player.name)} is named twice: name each player once.`,
      };
    found.push(player.player);
  }
  return { ok: true, players: found };
}

/**
 * The linked players in the caller's voice channel: the caller's channel asked of Discord now, who else
 * is there as the minute cron last saw it (so someone who joined within the minute may be missing).
 */
async function inCallersChannel(ctx: Ctx): Promise<Found> {
  const guildId = ctx.caller.guildId;
  if (guildId === null) return { ok: false, reason: '`voice:` works in a server, not in a DM.' };
  const { db } = ctx.services;
  if (!(await readVoiceSettings(db, guildId)).enabled)
    return {
      ok: false,
      reason:
        'Voice tracking is off in this server (an admin turns it on with `/admin voice tracking:on`): name the players instead.',
    };
  const state = await ctx.rest.getVoiceState(guildId, ctx.caller.userId);
  if (state.kind === 'none') return { ok: false, reason: 'You are not in a voice channel here.' };
  if (state.kind === 'limited')
    return {
      ok: false,
      reason: `Discord asks to wait ${Math.ceil(state.retryAfterMs / 1000)} s before asking again: try in a moment.`,
    };
  if (state.kind === 'failed')
    return { ok: false, reason: 'Discord did not say which voice channel you are in: try again.' };
  const members = await linkedInChannels(db, communityOf(ctx.services).id, guildId, [
    state.channelId,
  ]);
  const found: PlayerRef[] = members.map((m) => ({ guid: m.guid, name: m.name, bot: false }));
  if (!members.some((m) => m.userId === ctx.caller.userId)) {
    const self = await resolvePlayer(ctx.services, undefined, ctx.caller.userId);
    if (self.ok && !found.some((p) => p.guid === self.player.guid)) found.unshift(self.player);
  }
  return { ok: true, players: found };
}

async function balanced(ctx: Ctx, found: readonly PlayerRef[]): Promise<ImmediateMessage> {
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
  return balanceMessage(fairestSplits(players, 3), names, unrated);
}

const countProblem = (count: number, what: string) =>
  count < 2 || count > MAX_BALANCE_PLAYERS
    ? `Give 2 to ${MAX_BALANCE_PLAYERS} players; ${what} ${count}.`
    : null;

/**
 * `/balance players:<names or @mentions> voice:<true>`: the fairest split of up to 12 players by their
 * ratings: those named, and with `voice:true` the linked players in the caller's voice channel.
 */
export const balance: Command<CommandServices> = {
  definition: {
    name: 'balance',
    description: 'Split up to 12 players into the two fairest teams by rating',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'players',
        description: 'Names (comma-separated) or @mentions of linked players, 2 to 12',
        max_length: 1000,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'voice',
        description: 'Everyone linked in your voice channel (plus any players named)',
      },
    ],
  },
  access: 'public',
  async run(ctx) {
    const tokens = balanceTokens(stringOption(ctx.options, 'players') ?? '');
    if (booleanOption(ctx.options, 'voice') === true)
      return defer(async () => {
        const heard = await inCallersChannel(ctx);
        if (!heard.ok) return { content: heard.reason };
        const all = await named(ctx, tokens, heard.players);
        if (!all.ok) return { content: all.reason };
        const problem = countProblem(all.players.length, 'your voice channel (and the names) give');
        return problem ? { content: problem } : balanced(ctx, all.players);
      });
    const problem = countProblem(tokens.length, 'you gave');
    if (problem)
      return reply(
        `${problem} Separate names by commas or give @mentions, or use \`voice:true\`.`,
        {
          ephemeral: true,
        },
      );
    const found = await named(ctx, tokens, []);
    if (!found.ok) return reply(found.reason, { ephemeral: true });
    return reply(await balanced(ctx, found.players));
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
