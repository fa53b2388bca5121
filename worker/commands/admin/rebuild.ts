import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { encodeCustomId } from '../../discord/cursor.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import type { ImmediateMessage } from '../../discord/message.ts';
import { deferUpdate, reply, update } from '../../discord/responses.ts';
import type { RebuildReport } from '../../jobs/merge-players.ts';
import { formatCount } from '../kit/text-format.ts';
import { recomputeSettings } from '../../config.ts';
import { type AdminAction, adminReply } from './action.ts';
import { rebuildEverything } from '../../jobs/merge-players.ts';

/** A confirmation button older than this asks again: the owner should decide with the current state in view. */
export const CONFIRM_WITHIN_S = 5 * 60;

/**
 * `/admin rebuild` (OWNER): re-derives every row from the stored raw files, applies player merges and
 * recomputes, after a confirmation button. Non-destructive: raw files are never deleted, and it runs as
 * one transaction, so a failure leaves the previous answers in place. The buttons carry the asking owner's
 * id and when they were made; only that owner's press counts, and only for five minutes.
 */
export const rebuildAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'rebuild',
    description: 'Re-derive everything from the stored raw files (asks first)',
  },
  access: 'owner',
  rateClass: 'heavy',
  run(ctx) {
    return adminReply(rebuildQuestion(ctx.caller.userId, ctx.now()));
  },
  component(ctx, parts) {
    const [action, userId, issued] = parts;
    if (userId !== ctx.caller.userId)
      return reply('This button belongs to someone else’s /admin rebuild.', { ephemeral: true });
    if (action === 'cancel')
      return update({ content: 'Rebuild cancelled; nothing changed.', components: [] });
    const issuedAt = Number.parseInt(issued ?? '', 36);
    if (action !== 'go' || !Number.isSafeInteger(issuedAt))
      return update({
        content: 'This button is out of date; run /admin rebuild again.',
        components: [],
      });
    if (ctx.now().getTime() / 1000 - issuedAt > CONFIRM_WITHIN_S) {
      return update({
        content: 'This confirmation expired; run /admin rebuild again.',
        components: [],
      });
    }
    const { db, config } = ctx.services;
    const started = ctx.now();
    return deferUpdate(async () => {
      const report = await rebuildEverything(db, recomputeSettings(config), started);
      return {
        content: rebuildSummary(report, (ctx.now().getTime() - started.getTime()) / 1000),
        components: [],
      };
    });
  },
};

export function rebuildQuestion(userId: string, now: Date): ImmediateMessage {
  const issued = Math.floor(now.getTime() / 1000).toString(36);
  const row: APIActionRowComponent<APIButtonComponentWithCustomId> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Danger,
        label: 'Rebuild now',
        custom_id: encodeCustomId('admin', ['rebuild', 'go', userId, issued]),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Cancel',
        custom_id: encodeCustomId('admin', ['rebuild', 'cancel', userId]),
      },
    ],
  };
  return {
    content:
      'Rebuild every round, player, session, leaderboard and achievement from the stored raw files? Nothing is deleted: ' +
      'it runs as one transaction, and if it fails the current answers stay. Commands keep answering meanwhile; imports wait.',
    components: [row],
  };
}

export function rebuildSummary(report: RebuildReport, seconds: number): string {
  const changed =
    report.changedStatus.length === 0
      ? ''
      : `\nStatus changes: ${report.changedStatus.slice(0, 10).map(escapeMarkdown).join('; ')}`;
  return `Rebuilt from ${formatCount(report.files)} stored files in ${seconds.toFixed(1)} s: ${formatCount(report.rounds)} rounds, ${formatCount(report.quarantined)} quarantined; merges applied and everything recomputed.${changed}`;
}
