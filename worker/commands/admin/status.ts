import { communityOf } from '../../services.ts';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { type AdminStatus, adminStatus } from '../../queries/status.ts';
import { type TokenRefusals, tokenRefusalsLastDay } from '../../queries/token-refusals.ts';
import { sharedGuidPrefixes } from '../../queries/guid-prefixes.ts';
import { escapeCodeBlock, escapeMarkdown } from '../../discord/markdown.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { formatCount, formatInstant, plural } from '../kit/text-format.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** Why the last file has no round end (so no lateness): what it is, and where to look. */
const NOT_A_ROUND = {
  quarantined: 'not read as a round (quarantined: /admin quarantine list)',
  conflict: 'a copy of a stored round with other content (kept, not read)',
  duplicate: 'the same round again (nothing stored)',
} as const;

/** The GUIDs kept apart from a prefix's owner, two at most (an embed field holds 1024 characters). */
const sharers = (others: readonly string[]) =>
  others
    .slice(0, 2)
    .map((g) => `\`${g}\``)
    .join(', ') + (others.length > 2 ? ` and ${formatCount(others.length - 2)} more` : '');

export function adminStatusMessage(
  status: AdminStatus,
  now: Date,
  refusedTokens: TokenRefusals = { revoked: 0, unknown: 0 },
  sharedPrefixes: Awaited<ReturnType<typeof sharedGuidPrefixes>> = { total: 0, shared: [] },
): ImmediateMessage {
  const servers = status.servers.map((s) => {
    if (!s.lastReceivedAt || !s.lastFile) return `**${escapeMarkdown(s.name)}**: no file yet`;
    const since = duration((now.getTime() - Date.parse(s.lastReceivedAt)) / 1000);
    const lag =
      s.lagSeconds !== null
        ? `, arrived ${duration(s.lagSeconds)} after its round ended`
        : s.lastStatus === null || s.lastStatus === 'imported'
          ? ''
          : `, ${NOT_A_ROUND[s.lastStatus]}`;
    return `**${escapeMarkdown(s.name)}**: ${formatCount(s.files)} files; last \`${escapeCodeBlock(s.lastFile)}\` ${since} ago (${formatInstant(s.lastReceivedAt)})${lag}`;
  });
  const recompute =
    status.recomputes.map((r) => `${r.scope}: ${formatInstant(r.finishedAt)}`).join('\n') ||
    'never';
  return adminEmbed(
    'etstats status',
    servers.join('\n') || 'No game server is registered: /admin servers add.',
    [
      {
        name: 'Quarantine',
        value:
          status.quarantined === 0
            ? 'empty'
            : `${plural(status.quarantined, 'file')}: /admin quarantine list`,
        inline: true,
      },
      { name: 'Database', value: `${status.databaseMs} ms per query`, inline: true },
      { name: 'Last recompute', value: recompute, inline: true },
      { name: 'Merged players', value: formatCount(status.merges), inline: true },
      { name: 'Denied (24 h)', value: formatCount(status.deniedLastDay), inline: true },
      ...(status.conflicts > 0
        ? [
            {
              name: 'Conflicting copies',
              value: `${plural(status.conflicts, 'file')} with the name of a stored round and other content: kept, not read`,
              inline: false,
            },
          ]
        : []),
      ...(refusedTokens.revoked + refusedTokens.unknown > 0
        ? [
            {
              name: 'Refused stats.lua tokens (24 h)',
              value: `${plural(refusedTokens.revoked, 'use')} of a revoked token, ${plural(refusedTokens.unknown, 'unknown token')} (any community): check STATS_API_TOKEN on your servers`,
              inline: false,
            },
          ]
        : []),
      ...(sharedPrefixes.total > 0
        ? [
            {
              name: 'GUID prefixes shared (stats.lua)',
              value: [
                ...sharedPrefixes.shared.map(
                  (p) =>
                    `\`${p.prefix}\`: \`${p.owner}\` (seen first) is \`${p.prefix}\`; ${sharers(p.others)} kept apart under the full GUID`,
                ),
                ...(sharedPrefixes.total > sharedPrefixes.shared.length
                  ? [`and ${formatCount(sharedPrefixes.total - sharedPrefixes.shared.length)} more`]
                  : []),
              ].join('\n'),
              inline: false,
            },
          ]
        : []),
      ...(status.olderReaderRounds > 0
        ? [
            {
              name: 'Older reader',
              value: `${plural(status.olderReaderRounds, 'round')} were derived by an older version of the reader: run \`npm run rebuild\` (or /admin rebuild) to read them again`,
              inline: false,
            },
          ]
        : []),
    ],
  );
}

export const statusAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'status',
    description: 'Ingest, quarantine, database and recompute health',
  },
  access: 'moderator',
  async run(ctx) {
    const now = ctx.now();
    return adminReply(
      adminStatusMessage(
        await adminStatus(
          ctx.services.db,
          communityOf(ctx.services).id,
          () => ctx.now().getTime(),
          now,
        ),
        now,
        await tokenRefusalsLastDay(ctx.services.db, communityOf(ctx.services).id, now),
        await sharedGuidPrefixes(ctx.services.db, communityOf(ctx.services).id),
      ),
    );
  },
};
