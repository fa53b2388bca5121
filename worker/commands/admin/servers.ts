import { communityOf } from '../../services.ts';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { stringOption } from '../../discord/interaction.ts';
import { escapeCodeBlock, escapeMarkdown } from '../../discord/markdown.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { addServer, listServers, revokeKeys, type ServerListing } from '../../ingest/registry.ts';
import { tokenAction, tokenOption } from './server-tokens.ts';
import { checkTimeZone } from '../../../stats/clock.ts';
import { recomputeSettings } from '../../config.ts';
import { defer } from '../../discord/responses.ts';
import { setServerTimeZone } from '../../jobs/server-time-zone.ts';
import { formatCount, formatDay, plural } from '../kit/text-format.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';

/**
 * `/admin servers add|time-zone|list|revoke|token`: the game servers allowed to push files, their keys and
 * clocks, through the same functions as `npm run server` (worker/ingest/registry.ts, and the job that
 * re-times a server's rounds), so both say and check the same things.
 */
export const serversAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'servers',
    description: 'Game servers allowed to push round files',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Register a game server and its agent’s key',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: 'A short unique name',
            required: true,
            max_length: 64,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'public_key',
            description: 'From `etstats-agent init`',
            required: true,
            max_length: 200,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'time_zone',
            description: 'Its clock’s IANA zone (default UTC)',
            max_length: 64,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'time-zone',
        description: 'Set a server’s clock zone; re-times its rounds',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'server',
            description: 'The server’s name',
            required: true,
            max_length: 64,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'zone',
            description: 'An IANA time zone, e.g. Europe/Berlin',
            required: true,
            max_length: 64,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'Every game server and its keys',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'revoke',
        description: 'Refuse a key, or every key of a server',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: 'Every key of this server',
            max_length: 64,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'public_key',
            description: 'Revoke this key only',
            max_length: 200,
          },
        ],
      },
      tokenOption,
    ],
  },
  access: {
    add: 'admin',
    'time-zone': 'admin',
    list: 'moderator',
    revoke: 'admin',
    token: 'admin',
  },
  rateClass: { 'time-zone': 'heavy' },
  async run(ctx) {
    const { db } = ctx.services;
    const leaf = ctx.subcommand[1];
    if (leaf === 'list')
      return adminReply(serverList(await listServers(db, communityOf(ctx.services).id)));
    if (leaf === 'add') {
      const timeZone = stringOption(ctx.options, 'time_zone');
      const added = await addServer(db, {
        communityId: communityOf(ctx.services).id,
        name: stringOption(ctx.options, 'name') ?? '',
        publicKey: stringOption(ctx.options, 'public_key') ?? '',
        ...(timeZone === undefined ? {} : { timeZone }),
        timeZoneOption: '`time_zone`',
      });
      if (!added.ok) return adminReply(`Not added: ${added.reason}.`);
      return adminReply(
        `Registered **${escapeMarkdown(added.value.name)}** (clock in ${escapeMarkdown(added.value.timeZone)}). Its agent can push files now.`,
      );
    }
    if (leaf === 'time-zone') return setTimeZone(ctx);
    if (leaf === 'token') return tokenAction(ctx);
    if (leaf === 'revoke') {
      const name = stringOption(ctx.options, 'name');
      const publicKey = stringOption(ctx.options, 'public_key');
      if (name === undefined && publicKey === undefined)
        return adminReply('Say which server (`name`) or which key (`public_key`) to revoke.');
      const revoked = await revokeKeys(db, {
        communityId: communityOf(ctx.services).id,
        ...(name === undefined ? {} : { name }),
        ...(publicKey === undefined ? {} : { publicKey }),
        now: ctx.now(),
      });
      if (!revoked.ok) return adminReply(`Nothing revoked: ${revoked.reason}.`);
      const keys = revoked.value.revoked
        .map((key) => `\`${escapeCodeBlock(shortKey(key))}\``)
        .join(', ');
      return adminReply(
        `Revoked ${plural(revoked.value.revoked.length, 'key')} of **${escapeMarkdown(revoked.value.server)}**: ${keys}. Uploads signed with them are refused from now on.`,
      );
    }
    return adminReply('Unknown /admin servers subcommand.');
  },
};

/** `/admin servers time-zone server zone`: a quick refusal of a bad zone, else the job, deferred. */
function setTimeZone(ctx: Parameters<AdminAction['run']>[0]) {
  const { db, config } = ctx.services;
  const server = stringOption(ctx.options, 'server') ?? '';
  const zone = checkTimeZone(stringOption(ctx.options, 'zone'), '`zone`');
  if (!zone.ok) return adminReply(`Not changed: ${zone.reason}.`);
  const now = ctx.now();
  const communityId = communityOf(ctx.services).id;
  return defer(
    async () => {
      const changed = await setServerTimeZone(
        db,
        { communityId, server, zone: zone.zone, now },
        recomputeSettings(config),
      );
      if (!changed.ok) return { content: `Not changed: ${changed.reason}.` };
      const name = `**${escapeMarkdown(changed.server)}**`;
      return {
        content:
          changed.from === changed.to
            ? `${name} keeps its clock in ${escapeMarkdown(changed.to)} already; nothing changed.`
            : `${name} keeps its clock in ${escapeMarkdown(changed.to)} now (was ${escapeMarkdown(changed.from)}): ` +
              `${formatCount(changed.movedRounds)} of ${plural(changed.rounds, 'round')} re-timed; pairs, sessions and leaderboards re-derived.`,
      };
    },
    { ephemeral: true },
  );
}

const shortKey = (key: string) => (key.length > 16 ? `${key.slice(0, 12)}…` : key);

export function serverList(servers: readonly ServerListing[]): ImmediateMessage {
  if (servers.length === 0)
    return adminEmbed('Game servers', 'None yet: /admin servers add, or `npm run server -- add`.');
  const lines = servers.map((s) => {
    const active = s.keys.filter((k) => k.revokedAt === null);
    const revoked = s.keys.length - active.length;
    const keys =
      active.map((k) => `\`${escapeCodeBlock(shortKey(k.publicKey))}\``).join(', ') ||
      'no active key';
    return `**${escapeMarkdown(s.name)}** · ${escapeMarkdown(s.timeZone)} · since ${formatDay(s.createdAt)}\n${keys}${revoked > 0 ? ` (+${revoked} revoked)` : ''}`;
  });
  return adminEmbed('Game servers', lines.join('\n'));
}
