import { escapeMarkdown } from '../../discord/markdown.ts';
import { clipText, LIMITS } from '../../discord/limits.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { SUBCOMMAND_OF } from '../../jobs/server-command-audit.ts';
import type { ServerCommandRow } from '../../queries/live.ts';
import { adminEmbed, userMention } from './action.ts';

const unix = (at: Date) => Math.floor(at.getTime() / 1000);

/** Where a command stands, as the admin reads it. */
export function commandState(row: ServerCommandRow, now: Date): string {
  const said = row.outcome ? `: ${escapeMarkdown(row.outcome.slice(0, 200))}` : '';
  switch (row.status) {
    case 'pending':
      return row.expiresAt <= now
        ? '**expired** (no agent fetched it)'
        : `waiting for the agent (expires <t:${unix(row.expiresAt)}:R>)`;
    case 'sent':
      return 'handed to the agent, no outcome reported yet';
    case 'done':
      return `**done**${said}`;
    case 'refused':
      return `**refused by the agent**${said}`;
    case 'failed':
      return `**failed**${said}`;
    case 'expired':
      return '**expired** (no agent fetched it)';
  }
}

/** One line per command, newest first: what, where, by whom, when, and how it ended. */
export function commandsMessage(rows: readonly ServerCommandRow[], now: Date): ImmediateMessage {
  if (rows.length === 0)
    return adminEmbed(
      'Server commands',
      'No server command yet (`/admin server say|map|restart-map|kick`).',
    );
  const lines = rows.map((row) => {
    const what = [
      SUBCOMMAND_OF[row.action as keyof typeof SUBCOMMAND_OF] ?? row.action,
      ...row.args,
    ]
      .join(' ')
      .slice(0, 160);
    return `\`${what.replace(/`/g, "'")}\` on **${escapeMarkdown(row.server)}** by ${userMention(row.issuedBy)} <t:${unix(row.issuedAt)}:R> → ${commandState(row, now)}`;
  });
  return adminEmbed('Server commands', clipText(lines.join('\n'), LIMITS.description));
}
