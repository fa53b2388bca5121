import { communityOf } from '../../services.ts';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { numberOption, stringOption } from '../../discord/interaction.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import type { SessionTeamsView } from '../../recompute/read.ts';
import { clearTeamOverride, overrideTeam } from '../../jobs/team-overrides.ts';
import { playerChoices } from '../kit/autocomplete.ts';
import { playerName } from '../kit/text-format.ts';
import { playerOption, resolvePlayer } from '../kit/player-option.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';

/**
 * `/admin teams session player team`: corrects which team a player was on in a session (the recompute's
 * override, worker/jobs/team-overrides.ts); `auto` withdraws the correction so detection decides again.
 */
export const teamsAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'teams',
    description: 'Correct the team a player was on in a session',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'session',
        description: 'The session number (/sessions)',
        required: true,
        min_value: 1,
      },
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
  access: 'moderator',
  async run(ctx) {
    const { db } = ctx.services;
    const sessionId = numberOption(ctx.options, 'session');
    const team = stringOption(ctx.options, 'team');
    if (sessionId === undefined || !Number.isSafeInteger(sessionId))
      return adminReply('Say which session (its number in /sessions).');
    const found = await resolvePlayer(
      ctx.services,
      stringOption(ctx.options, 'player') ?? '',
      ctx.caller.userId,
    );
    if (!found.ok) return adminReply(found.reason);
    const guid = found.player.guid;
    const result =
      team === 'auto'
        ? await clearTeamOverride(db, communityOf(ctx.services).id, sessionId, guid)
        : team === 'A' || team === 'B'
          ? await overrideTeam(
              db,
              communityOf(ctx.services).id,
              sessionId,
              guid,
              team,
              ctx.caller.userId,
            )
          : { ok: false as const, reason: 'team must be A, B or auto' };
    if (!result.ok) return adminReply(`Not changed: ${result.reason}.`);
    const what = team === 'auto' ? 'is placed by detection again' : `is on team ${team}`;
    return adminReply(
      teamsMessage(sessionId, `**${playerName(found.player.name)}** ${what}.`, result.teams),
    );
  },
  autocomplete: (ctx) => playerChoices(ctx.services, ctx.focused.value),
};

export function teamsMessage(
  sessionId: number,
  said: string,
  teams: SessionTeamsView,
): ImmediateMessage {
  const side = (label: 'A' | 'B') =>
    teams.players
      .filter((p) => p.team === label)
      .map((p) => `${playerName(p.name)}${p.source === 'moderator' ? ' ✎' : ''}`)
      .join(', ') || '–';
  const result = teams.result
    ? `Maps ${teams.result.mapsA}–${teams.result.mapsB}${teams.result.drawn > 0 ? ` (${teams.result.drawn} drawn)` : ''}, winner ${teams.result.winner ?? 'none (draw)'}`
    : 'No complete map yet.';
  return adminEmbed(`Session ${sessionId} teams`, `${said}\n${result}`, [
    { name: 'Team A', value: side('A') },
    { name: 'Team B', value: side('B') },
  ]);
}
