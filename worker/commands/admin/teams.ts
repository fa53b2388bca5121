import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { numberOption, stringOption } from '../../discord/interaction.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { type SessionTeamsView, sessionTeamsOf } from '../../recompute/read.ts';
import type { CommandContext } from '../../discord/command.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import { nameTeam, TEAM_NAME_MAX } from '../../jobs/team-names.ts';
import { NO_TEAM_NAMES, type TeamNames, teamNamesOf } from '../../queries/team-names.ts';
import { type CommandServices, communityOf } from '../../services.ts';
import { teamMarkdown } from '../kit/team-name.ts';
import { clearTeamOverride, overrideTeam } from '../../jobs/team-overrides.ts';
import { playerChoices } from '../kit/autocomplete.ts';
import { playerName } from '../kit/text-format.ts';
import { playerOption, resolvePlayer } from '../kit/player-option.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';

const sessionOption = {
  type: ApplicationCommandOptionType.Integer as const,
  name: 'session',
  description: 'The session number (/sessions)',
  required: true,
  min_value: 1,
};

/**
 * `/admin teams player|name`: `player` corrects which team a player was on in a session (the recompute's
 * override, worker/jobs/team-overrides.ts; `auto` withdraws it so detection decides again); `name` gives
 * one of the session's teams a name shown wherever the session's teams are named (no name: back to A/B).
 */
export const teamsAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'teams',
    description: 'Correct a session’s teams, or name them',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'player',
        description: 'Correct a player’s team in a session',
        options: [
          sessionOption,
          playerOption('player', 'The player', true),
          {
            type: ApplicationCommandOptionType.String,
            name: 'team',
            description: 'A or B; auto withdraws the correction',
            required: true,
            choices: [
              { name: 'A', value: 'A' },
              { name: 'B', value: 'B' },
              { name: 'auto', value: 'auto' },
            ],
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'name',
        description: 'Name a session’s team (no name: Team A / Team B)',
        options: [
          sessionOption,
          {
            type: ApplicationCommandOptionType.String,
            name: 'team',
            description: 'Which team',
            required: true,
            choices: [
              { name: 'A', value: 'A' },
              { name: 'B', value: 'B' },
            ],
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: `The team’s name, up to ${TEAM_NAME_MAX} characters; leave out to remove it`,
            required: false,
            max_length: 64,
          },
        ],
      },
    ],
  },
  access: { player: 'moderator', name: 'moderator' },
  async run(ctx) {
    const sessionId = numberOption(ctx.options, 'session');
    if (sessionId === undefined || !Number.isSafeInteger(sessionId))
      return adminReply('Say which session (its number in /sessions).');
    return ctx.subcommand[1] === 'name' ? nameRun(ctx, sessionId) : playerRun(ctx, sessionId);
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

async function playerRun(ctx: CommandContext<CommandServices>, sessionId: number) {
  const { db } = ctx.services;
  const community = communityOf(ctx.services).id;
  const team = stringOption(ctx.options, 'team');
  const found = await resolvePlayer(
    ctx.services,
    stringOption(ctx.options, 'player') ?? '',
    ctx.caller.userId,
  );
  if (!found.ok) return adminReply(found.reason);
  const guid = found.player.guid;
  const result =
    team === 'auto'
      ? await clearTeamOverride(db, community, sessionId, guid)
      : team === 'A' || team === 'B'
        ? await overrideTeam(db, community, sessionId, guid, team, ctx.caller.userId)
        : { ok: false as const, reason: 'team must be A, B or auto' };
  if (!result.ok) return adminReply(`Not changed: ${result.reason}.`);
  const what = team === 'auto' ? 'is placed by detection again' : `is on team ${team}`;
  const names = (await teamNamesOf(db, community, [sessionId])).get(sessionId) ?? NO_TEAM_NAMES;
  return adminReply(
    teamsMessage(sessionId, `**${playerName(found.player.name)}** ${what}.`, result.teams, names),
  );
}

async function nameRun(ctx: CommandContext<CommandServices>, sessionId: number) {
  const { db } = ctx.services;
  const community = communityOf(ctx.services).id;
  const team = stringOption(ctx.options, 'team');
  if (team !== 'A' && team !== 'B') return adminReply('Not changed: team must be A or B.');
  const typed = stringOption(ctx.options, 'name');
  const named = await nameTeam(
    db,
    community,
    sessionId,
    team,
    typed === undefined ? null : typed,
    ctx.caller.userId,
  );
  if (!named.ok) return adminReply(`Not changed: ${named.reason}.`);
  const said =
    named.names[team] === null
      ? `Team ${team} has no name again.`
      : `Team ${team} is now called **${escapeMarkdown(named.names[team])}**.`;
  return adminReply(
    teamsMessage(sessionId, said, await sessionTeamsOf(db, community, sessionId), named.names),
  );
}

export function teamsMessage(
  sessionId: number,
  said: string,
  teams: SessionTeamsView,
  names: TeamNames,
): ImmediateMessage {
  const side = (label: 'A' | 'B') =>
    teams.players
      .filter((p) => p.team === label)
      .map(
        (p) =>
          `${playerName(p.name)}${p.source === 'moderator' ? ' ✎' : p.source === 'voice' ? ' 🎙' : ''}`,
      )
      .join(', ') || '–';
  const result = teams.result
    ? `Maps ${teams.result.mapsA}–${teams.result.mapsB}${teams.result.drawn > 0 ? ` (${teams.result.drawn} drawn)` : ''}, winner ${teams.result.winner ? teamMarkdown(names, teams.result.winner) : 'none (draw)'}`
    : 'No complete map yet.';
  return adminEmbed(`Session ${sessionId} teams`, `${said}\n${result}`, [
    { name: teamMarkdown(names, 'A'), value: side('A') },
    { name: teamMarkdown(names, 'B'), value: side('B') },
  ]);
}
