import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { AccessLevel } from '../../discord/access.ts';
import { stringOption } from '../../discord/interaction.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import {
  ADMINISTRATOR_LEVELS,
  type GuildConfig,
  ROLE_LEVELS,
  readGuildConfig,
  setAdministratorsLevel,
  setRoleLevel,
} from '../../permissions/guild-settings.ts';
import { isAccessLevel } from '../../permissions/resolve-access.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';

export const GUILD_ONLY = 'Run this in the Discord server it should apply to.';

/** `/admin roles [role level] [administrators]`: which roles carry which level; no options shows them. */
export const rolesAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'roles',
    description: 'Map a role to an access level (none: show)',
    options: [
      {
        type: ApplicationCommandOptionType.Role,
        name: 'role',
        description: 'The role (@everyone: trusted at most)',
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'level',
        description: 'Its level; none removes the mapping',
        choices: [...ROLE_LEVELS, 'none'].map((level) => ({ name: level, value: level })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'administrators',
        description: 'Level of Discord Administrators (default admin)',
        choices: ADMINISTRATOR_LEVELS.map((level) => ({ name: level, value: level })),
      },
    ],
  },
  access: 'admin',
  async run(ctx) {
    const guildId = ctx.caller.guildId;
    if (guildId === null) return adminReply(GUILD_ONLY);
    const { db } = ctx.services;
    const change = { guildId, by: ctx.caller.userId, at: ctx.now() };
    const role = stringOption(ctx.options, 'role');
    const level = stringOption(ctx.options, 'level');
    const administrators = stringOption(ctx.options, 'administrators');
    const said: string[] = [];
    if ((role === undefined) !== (level === undefined))
      return adminReply('Give both a `role` and a `level` (none removes the mapping).');
    if (role !== undefined && level !== undefined) {
      const mapped: AccessLevel | null =
        level === 'none' ? null : isAccessLevel(level) ? level : null;
      if (level !== 'none' && mapped === null)
        return adminReply(`Unknown level "${level.slice(0, 20)}".`);
      const result = await setRoleLevel(db, { ...change, roleId: role, level: mapped });
      if (!result.ok) return adminReply(`Not changed: ${result.reason}.`);
      said.push(
        mapped === null
          ? `${roleName(role, guildId)} no longer maps to a level.`
          : `${roleName(role, guildId)} → **${mapped}**.`,
      );
    }
    if (administrators !== undefined) {
      if (!isAccessLevel(administrators))
        return adminReply(`Unknown level "${administrators.slice(0, 20)}".`);
      const result = await setAdministratorsLevel(db, { ...change, level: administrators });
      if (!result.ok) return adminReply(`Not changed: ${result.reason}.`);
      said.push(`Discord administrators → **${administrators}**.`);
    }
    return adminReply(roleMapping(await readGuildConfig(db, guildId), guildId, said));
  },
};

/** `<@&id>` shows the role's name without pinging it; the guild's own id is its @everyone role. */
function roleName(roleId: string, guildId: string): string {
  if (roleId === guildId) return '@\u200beveryone';
  return /^\d{1,25}$/.test(roleId) ? `<@&${roleId}>` : '(unknown role)';
}

export function roleMapping(
  config: GuildConfig,
  guildId: string,
  said: readonly string[] = [],
): ImmediateMessage {
  const roles = Object.entries(config.roleLevels)
    .sort(
      ([, a], [, b]) =>
        ROLE_LEVELS.indexOf(b as (typeof ROLE_LEVELS)[number]) -
        ROLE_LEVELS.indexOf(a as (typeof ROLE_LEVELS)[number]),
    )
    .map(([role, level]) => `${roleName(role, guildId)} → ${level}`);
  const lines = [
    ...said,
    ...(said.length > 0 ? [''] : []),
    ...(roles.length > 0
      ? roles
      : [
          'No role is mapped: only owners, Discord administrators and linked players have a level.',
        ]),
    `Discord administrators → ${config.administratorsLevel ?? 'admin (default)'}`,
    'Linked players → trusted · owners come from OWNER_USER_IDS',
  ];
  return adminEmbed('Access levels', lines.join('\n'));
}
