import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ACCESS_LEVELS, type AccessLevel, type AccessRequest } from '../../discord/access.ts';
import { decodeCustomIdParts } from '../../discord/cursor.ts';
import { reply } from '../../discord/responses.ts';
import type { AdminAction } from './action.ts';
import { auditAction } from './audit.ts';
import { communityAction } from './community.ts';
import { channelAction } from './channel.ts';
import { rolesAction } from './guild.ts';
import { linkAction, mergeAction, unlinkAction, unmergeAction } from './players.ts';
import { quarantineAction } from './quarantine.ts';
import { rebuildAction } from './rebuild.ts';
import { serverControlAction } from './server-control.ts';
import { serversAction } from './servers.ts';
import { siteAction } from './site.ts';
import { statusAction } from './status.ts';
import { teamsAction } from './teams.ts';
import { voiceAction } from './voice.ts';
import type { Command, CommandWeight } from '../../discord/command.ts';
import type { CommandServices } from '../../services.ts';

/** Every /admin subcommand, in the order Discord lists them. */
export const ADMIN_ACTIONS: readonly AdminAction[] = [
  statusAction,
  serversAction,
  serverControlAction,
  quarantineAction,
  rebuildAction,
  linkAction,
  unlinkAction,
  mergeAction,
  unmergeAction,
  rolesAction,
  channelAction,
  teamsAction,
  auditAction,
  communityAction,
  voiceAction,
  siteAction,
];

const byName = new Map(ADMIN_ACTIONS.map((action) => [action.option.name, action]));

/** The highest of several levels (a group's buttons need the most any of its subcommands needs). */
const highest = (levels: readonly AccessLevel[]): AccessLevel =>
  levels.reduce<AccessLevel>(
    (top, level) => (ACCESS_LEVELS.indexOf(level) > ACCESS_LEVELS.indexOf(top) ? level : top),
    'public',
  );

/**
 * The level each /admin subcommand needs, checked by the transport before any handler runs. Anything it
 * does not recognise (a renamed subcommand, a stale button) needs OWNER: unknown fails closed.
 */
export function adminAccess(request: AccessRequest): AccessLevel {
  const name =
    request.kind === 'component'
      ? (decodeCustomIdParts(request.customId ?? '')[0] ?? '')
      : (request.subcommand[0] ?? '');
  const action = byName.get(name);
  if (!action) return 'owner';
  if (typeof action.access === 'string') return action.access;
  if (request.kind === 'component') return highest(Object.values(action.access));
  return ownEntry(action.access, request.subcommand[1]) ?? 'owner';
}

/**
 * The weight of an /admin subcommand or button: rebuilds, merges and quarantine retries re-derive or
 * recompute many rows. A group's buttons weigh what the group says for buttons (light unless one weight).
 */
export function adminWeight(request: AccessRequest): CommandWeight {
  const name =
    request.kind === 'component'
      ? (decodeCustomIdParts(request.customId ?? '')[0] ?? '')
      : (request.subcommand[0] ?? '');
  const weight = byName.get(name)?.rateClass;
  if (weight === undefined) return 'light';
  if (typeof weight === 'string') return weight;
  if (request.kind === 'component') return 'light';
  return ownEntry(weight, request.subcommand[1]) ?? 'light';
}

/**
 * `table[key]` when the table itself holds it: a typed subcommand such as `constructor` or `__proto__`
 * must not fall through to a prototype member (a function is no level, and passed the old check).
 */
function ownEntry<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * `/admin …`: one command, its subcommands in worker/commands/admin/. `default_member_permissions`
 * (Manage Server) makes Discord hide it from everyone else; a server's admins can show it to a moderator
 * role in Server Settings → Integrations. That is only what Discord displays: every subcommand is checked
 * again on the server from the signed interaction (adminAccess, worker/permissions).
 */
export const admin: Command<CommandServices> = {
  definition: {
    name: 'admin',
    description: 'Run etstats for this community (/help command:admin lists it all)',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: ADMIN_ACTIONS.map((action) => action.option),
  },
  access: adminAccess,
  rateClass: adminWeight,
  run(ctx) {
    const action = byName.get(ctx.subcommand[0] ?? '');
    if (!action)
      return reply('Unknown /admin subcommand; the command list may be out of date.', {
        ephemeral: true,
      });
    return action.run(ctx);
  },
  autocomplete(ctx) {
    const action = byName.get(ctx.subcommand[0] ?? '');
    return action?.autocomplete ? action.autocomplete(ctx) : [];
  },
  component(ctx) {
    const [name, ...parts] = decodeCustomIdParts(ctx.customId);
    const action = byName.get(name ?? '');
    if (!action?.component)
      return reply('This button is out of date; run the command again.', { ephemeral: true });
    return action.component(ctx, parts);
  },
};
