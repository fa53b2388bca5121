import { communityOf } from '../../services.ts';
import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { encodeCustomId } from '../../discord/cursor.ts';
import { stringOption } from '../../discord/interaction.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { update } from '../../discord/responses.ts';
import { type AuditFilter, type AuditRow, listAudit } from '../../permissions/audit.ts';
import { formatInstant } from '../kit/text-format.ts';
import { type AdminAction, adminEmbed, adminReply, userMention } from './action.ts';

const PAGE = 15;
const MAX_OPTION_TEXT = 60;

/**
 * `/admin audit [user] [command]`: the audit log of this server, newest first, with an "Older" button.
 * In a DM (owners only get that far) it shows every server's rows.
 */
export const auditAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'audit',
    description: 'Privileged acts and denied attempts, newest first',
    options: [
      { type: ApplicationCommandOptionType.User, name: 'user', description: 'Only this user' },
      {
        type: ApplicationCommandOptionType.String,
        name: 'command',
        description: 'Only this command path and what is under it',
        max_length: 40,
      },
    ],
  },
  access: 'admin',
  async run(ctx) {
    const filter = {
      userId: stringOption(ctx.options, 'user'),
      command: stringOption(ctx.options, 'command')
        ?.replace(/^\//, '')
        .trim()
        .toLowerCase()
        .replace(/:/g, ' '),
    };
    return adminReply(
      await auditPage(ctx.services.db, {
        ...filter,
        communityId: communityOf(ctx.services).id,
        guildId: ctx.caller.guildId,
      }),
    );
  },
  async component(ctx, parts) {
    const [before, userId, command] = parts;
    const beforeId = Number(before);
    if (!Number.isSafeInteger(beforeId))
      return adminReply('This button is out of date; run /admin audit again.');
    return update(
      await auditPage(ctx.services.db, {
        userId: userId || undefined,
        command: command || undefined,
        communityId: communityOf(ctx.services).id,
        guildId: ctx.caller.guildId,
        beforeId,
      }),
    );
  },
};

type PageFilter = {
  communityId: number;
  userId: string | undefined;
  command: string | undefined;
  guildId: string | null;
  beforeId?: number;
};

async function auditPage(
  db: Parameters<typeof listAudit>[0],
  filter: PageFilter,
): Promise<ImmediateMessage> {
  const query: AuditFilter = {
    ...(filter.userId === undefined ? {} : { userId: filter.userId }),
    ...(filter.command === undefined ? {} : { command: filter.command }),
    ...(filter.beforeId === undefined ? {} : { beforeId: filter.beforeId }),
    communityId: filter.communityId,
    limit: PAGE + 1,
  };
  const rows = await listAudit(db, query);
  const shown = rows.slice(0, PAGE);
  const message = auditMessage(shown, filter);
  const last = shown.at(-1);
  if (rows.length <= PAGE || !last) return { ...message, components: [] };
  const row: APIActionRowComponent<APIButtonComponentWithCustomId> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Older',
        custom_id: encodeCustomId('admin', [
          'audit',
          last.id,
          filter.userId ?? '',
          filter.command ?? '',
        ]),
      },
    ],
  };
  return { ...message, components: [row] };
}

function optionText(options: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(options).map(([name, value]) => {
    const text = String(value);
    return `${escapeMarkdown(name)}: ${escapeMarkdown(text.length > MAX_OPTION_TEXT ? `${text.slice(0, MAX_OPTION_TEXT - 1)}…` : text)}`;
  });
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

/** One line per row: when, who, what with which options, and how it ended. Everything user-typed is escaped. */
export function auditLine(row: AuditRow): string {
  const outcome = row.outcome === 'answered' ? 'done' : `**${row.outcome}**`;
  const detail = row.detail ? ` (${escapeMarkdown(row.detail)})` : '';
  const count =
    row.attempts > 1
      ? ` ×${row.attempts}${row.lastAt ? `, the last ${formatInstant(row.lastAt)}` : ''}`
      : '';
  return `\`#${row.id}\` ${formatInstant(row.at)} ${userMention(row.userId)} /${escapeMarkdown(row.command)}${optionText(row.options)} → ${outcome}${count}${detail}`;
}

export function auditMessage(
  rows: readonly AuditRow[],
  filter: Pick<PageFilter, 'userId' | 'command'>,
): ImmediateMessage {
  const scope = [
    filter.userId ? `by ${userMention(filter.userId)}` : '',
    filter.command ? `/${escapeMarkdown(filter.command)}…` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const body = rows.length === 0 ? 'Nothing recorded.' : rows.map(auditLine).join('\n');
  return adminEmbed('Audit log', scope ? `Only ${scope}\n${body}` : body);
}
