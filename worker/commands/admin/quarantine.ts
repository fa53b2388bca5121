import { communityOf } from '../../services.ts';
import type { APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { numberOption } from '../../discord/interaction.ts';
import { escapeCodeBlock, escapeMarkdown } from '../../discord/markdown.ts';
import { defer } from '../../discord/responses.ts';
import { listQuarantine, type QuarantinedFile, quarantinedFile } from '../../queries/quarantine.ts';
import { formatCount, formatInstant } from '../kit/text-format.ts';
import { recomputeSettings } from '../../config.ts';
import { type AdminAction, adminEmbed, adminReply } from './action.ts';
import { discardQuarantined, retryQuarantined } from '../../jobs/quarantine.ts';

const fileOption = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.Integer,
  name: 'file',
  description,
  required: true,
  min_value: 1,
  autocomplete: true,
});

const LISTED = 20;
const code = (text: string) => `\`${escapeCodeBlock(text)}\``;

/** `/admin quarantine list|show|retry|discard`: files that arrived but could not be read as a round. */
export const quarantineAction: AdminAction = {
  option: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'quarantine',
    description: 'Files received that could not be read as a round',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'The newest quarantined files and why',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'One file: its refused line and reason',
        options: [fileOption('The file')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'retry',
        description: 'Read a file again and import it if it reads',
        options: [fileOption('The file')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'discard',
        description: 'Delete a quarantined file for good',
        options: [fileOption('The file')],
      },
    ],
  },
  access: { list: 'moderator', show: 'moderator', retry: 'admin', discard: 'admin' },
  rateClass: { retry: 'heavy' },
  async run(ctx) {
    const { db } = ctx.services;
    const leaf = ctx.subcommand[1];
    if (leaf === 'list')
      return adminReply(
        quarantineList(await listQuarantine(db, communityOf(ctx.services).id, { limit: LISTED })),
      );
    const id = numberOption(ctx.options, 'file');
    if (id === undefined || !Number.isSafeInteger(id))
      return adminReply('Pick a file from the list (its number).');
    if (leaf === 'show') {
      const file = await quarantinedFile(db, communityOf(ctx.services).id, id);
      if (!file) return adminReply(`No quarantined file #${id}.`);
      const refused =
        file.text === null
          ? 'the file name'
          : `line ${file.line}:\n\`\`\`\n${escapeCodeBlock(file.text.slice(0, 900))}\n\`\`\``;
      return adminReply(
        adminEmbed(
          `Quarantined file #${file.id}`,
          `${code(file.fileName)} from **${escapeMarkdown(file.server)}**, ${formatCount(file.size)} bytes, received ${formatInstant(file.receivedAt)}`,
          [
            { name: 'Why', value: escapeMarkdown(file.reason) || '–' },
            { name: 'Refused', value: refused },
            { name: 'SHA-256', value: code(file.sha256) },
          ],
        ),
      );
    }
    if (leaf === 'retry') {
      const settings = recomputeSettings(ctx.services.config);
      return defer(
        async () => {
          const outcome = await retryQuarantined(
            db,
            communityOf(ctx.services).id,
            id,
            settings,
            ctx.now(),
          );
          if (outcome.status === 'not-found') return { content: `No quarantined file #${id}.` };
          if (outcome.status === 'imported')
            return {
              content: `${code(outcome.fileName)} reads now: imported as ${escapeMarkdown(outcome.map)} round ${outcome.round}.`,
            };
          return {
            content: `${code(outcome.fileName)} still does not read: line ${outcome.line}: ${escapeMarkdown(outcome.reason)}.`,
          };
        },
        { ephemeral: true },
      );
    }
    if (leaf === 'discard') {
      const gone = await discardQuarantined(db, communityOf(ctx.services).id, id);
      if (!gone) return adminReply(`No quarantined file #${id}.`);
      return adminReply(
        `Discarded ${code(gone.fileName)} (SHA-256 ${code(gone.sha256.slice(0, 12))}…). If the agent sends it again it is quarantined again.`,
      );
    }
    return adminReply('Unknown /admin quarantine subcommand.');
  },
  async autocomplete(ctx) {
    const typed = ctx.focused.value.trim().toLowerCase();
    const files = await listQuarantine(ctx.services.db, communityOf(ctx.services).id);
    return files
      .filter(
        (f) =>
          typed === '' ||
          String(f.id).startsWith(typed) ||
          f.file_name.toLowerCase().includes(typed),
      )
      .slice(0, 25)
      .map((f) => ({ name: `#${f.id} ${f.file_name} (${f.server})`.slice(0, 100), value: f.id }));
  },
};

export function quarantineList(files: readonly QuarantinedFile[]) {
  if (files.length === 0)
    return adminEmbed('Quarantine', 'Empty: every file received reads as a round.');
  const lines = files.map(
    (f) =>
      `**#${f.id}** ${code(f.file_name)} · ${escapeMarkdown(f.server)} · ${formatInstant(f.received_at)}\nline ${f.line}: ${escapeMarkdown(f.reason.slice(0, 150))}`,
  );
  const more = files.length === LISTED ? `\n…the ${LISTED} newest are shown.` : '';
  return adminEmbed('Quarantine', `${lines.join('\n')}${more}`);
}
