import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import {
  MAX_SAY_LENGTH,
  type ServerAction,
  checkCommandArgs,
} from '../../../ingest-protocol/server-command.ts';
import { stringOption } from '../../discord/interaction.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import { listServers } from '../../ingest/registry.ts';
import { setMapAnnouncements } from '../../jobs/live.ts';
import { auditServerRefusal } from '../../jobs/server-command-audit.ts';
import { queueServerCommand } from '../../jobs/server-commands.ts';
import { readGuildConfig } from '../../permissions/guild-settings.ts';
import { latestServerCommands } from '../../queries/live.ts';
import { communityOf } from '../../services.ts';
import type { CommandContext } from '../../discord/command.ts';
import type { CommandServices } from '../../services.ts';
import { type AdminAction, adminReply } from './action.ts';
import { commandsMessage } from './server-result.ts';

const serverOption: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.String,
  name: 'server',
  description: 'Game server (if several)',
  max_length: 64,
};

const text = (name: string, description: string, max: number) => ({
  type: ApplicationCommandOptionType.String as const,
  name,
  description,
  required: true,
  max_length: max,
});

const leaf = (
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  description,
  options,
});

/** Each command subcommand: its action and the option holding its one argument (none for restart-map). */
const COMMANDS: Readonly<Record<string, { action: ServerAction; field: string | null }>> = {
  say: { action: 'say', field: 'message' },
  map: { action: 'map', field: 'map' },
  'restart-map': { action: 'map_restart', field: null },
  kick: { action: 'kick', field: 'player' },
};

export const CONTROL_OFF =
  'Server control is off: set the Worker secret AGENT_COMMAND_KEY (`npm run server -- command-key` prints one; its public key goes into each agent’s "control.workerPublicKey").';

/**
 * `/admin server say|map|restart-map|kick|result|announce-maps`: commands for a game server, queued
 * signed for its agent (which checks them again against its own allow-list and runs them through RCON),
 * what became of the latest ones, and whether map starts are posted in the announce channel. Every
 * subcommand needs ADMIN on the server.
 */
export const serverControlAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'server',
    description: 'Game server control through its agent',
    options: [
      leaf('say', 'Say something on the server', [
        text('message', `The message (at most ${MAX_SAY_LENGTH} characters)`, MAX_SAY_LENGTH),
        serverOption,
      ]),
      leaf('map', 'Load a map', [text('map', 'The map’s name, e.g. supply', 64), serverOption]),
      leaf('restart-map', 'Restart the current map', [serverOption]),
      leaf('kick', 'Kick a player', [
        text('player', 'Slot number or name (no spaces)', 36),
        serverOption,
      ]),
      leaf('result', 'Latest server commands and their outcomes'),
      leaf('announce-maps', '“Map started” posts in the announce channel', [
        {
          ...text('state', 'on or off', 3),
          choices: [
            { name: 'on', value: 'on' },
            { name: 'off', value: 'off' },
          ],
        },
      ]),
    ],
  },
  access: 'admin',
  async run(ctx) {
    const name = ctx.subcommand[1] ?? '';
    const { db } = ctx.services;
    const communityId = communityOf(ctx.services).id;
    if (name === 'result')
      return adminReply(
        commandsMessage(await latestServerCommands(db, communityId, 10), ctx.now()),
      );
    if (name === 'announce-maps') return announceMaps(ctx);
    const spec = COMMANDS[name];
    if (!spec)
      return adminReply('Unknown /admin server subcommand; the command list may be out of date.');
    const args = spec.field === null ? [] : [stringOption(ctx.options, spec.field) ?? ''];
    const request = {
      communityId,
      action: spec.action,
      args,
      issuedBy: ctx.caller.userId,
      guildId: ctx.caller.guildId,
      now: ctx.now(),
    };
    const wanted = stringOption(ctx.options, 'server')?.trim();
    const refuse = async (reason: string) => {
      await auditServerRefusal(
        db,
        { ...request, server: wanted ? { name: wanted } : null },
        reason,
      );
      return adminReply(`Not queued: ${reason}`);
    };
    const key = ctx.services.config.agentCommandKey;
    if (!key) return refuse(CONTROL_OFF);
    const checked = checkCommandArgs(spec.action, args);
    if (!checked.ok) return refuse(`option \`${spec.field}\`: ${checked.reason}.`);
    const servers = await listServers(db, communityId);
    const names = servers.map((s) => `"${escapeMarkdown(s.name)}"`).join(', ');
    const server = wanted
      ? servers.find((s) => s.name.toLowerCase() === wanted.toLowerCase())
      : servers.length === 1
        ? servers[0]
        : undefined;
    if (servers.length === 0)
      return refuse('this community has no game server yet (`/admin servers add`).');
    if (!server)
      return refuse(
        wanted
          ? `option \`server\`: no game server "${escapeMarkdown(wanted.slice(0, 64))}" here; the servers are ${names}.`
          : `option \`server\`: name the game server, one of ${names}.`,
      );
    const queued = await queueServerCommand(db, { ...request, server, commandKey: key });
    if (!queued.ok) return adminReply(`Not queued: ${queued.reason}.`);
    const shown = [name, ...args].join(' ');
    return adminReply(
      `Queued \`${shown.slice(0, 160).replace(/`/g, "'")}\` for **${escapeMarkdown(server.name)}**: waiting for the agent, which fetches commands every few seconds. It expires <t:${Math.floor(queued.expiresAt.getTime() / 1000)}:R> if no agent takes it. \`/admin server result\` shows what became of it.`,
    );
  },
};

async function announceMaps(ctx: CommandContext<CommandServices>) {
  const state = stringOption(ctx.options, 'state');
  if (state !== 'on' && state !== 'off')
    return adminReply(
      `Not changed: option \`state\` is on or off, not "${String(state).slice(0, 20)}".`,
    );
  const { db } = ctx.services;
  await setMapAnnouncements(db, communityOf(ctx.services).id, state === 'on', ctx.now());
  if (state === 'off') return adminReply('“Map started” posts are **off**.');
  const channel =
    ctx.caller.guildId === null
      ? null
      : (await readGuildConfig(db, ctx.caller.guildId)).announceChannelId;
  return adminReply(
    `“Map started” posts are **on**: each map a game server starts is posted ${channel ? `in <#${channel}>` : 'in the announce channel, once one is set with `/admin channel`'} (the bot needs Send Messages and Embed Links there).`,
  );
}
