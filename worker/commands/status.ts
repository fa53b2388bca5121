import { type StatusData, statusData } from '../queries/status.ts';
import { escapeMarkdown } from '../discord/markdown.ts';
import type { ImmediateMessage } from '../discord/message.ts';
import { reply } from '../discord/responses.ts';
import { formatCount, formatInstant } from './kit/text-format.ts';
import type { Command } from '../discord/command.ts';
import { type CommandServices, communityOf } from '../services.ts';

const COLOUR = 0x5865f2;

/** `/status`: is the bot fed? Rounds and players stored, the last round received, quarantine, database latency. */
export const status: Command<CommandServices> = {
  definition: {
    name: 'status',
    description: 'What the bot holds: rounds, players, the last round received, database latency',
  },
  access: 'public',
  async run(ctx) {
    return reply(
      statusMessage(
        await statusData(ctx.services.db, communityOf(ctx.services).id, () => ctx.now().getTime()),
      ),
    );
  },
};

export function statusMessage(s: StatusData): ImmediateMessage {
  const last = s.lastRound
    ? `${escapeMarkdown(s.lastRound.map)} R${s.lastRound.round}, ended ${formatInstant(s.lastRound.endedAt)}\nreceived ${formatInstant(s.lastRound.receivedAt)}`
    : 'none yet';
  return {
    embeds: [
      {
        title: 'etstats status',
        color: COLOUR,
        fields: [
          {
            name: 'Rounds',
            value: `${formatCount(s.rounds)}${s.orphanRounds > 0 ? ` (${formatCount(s.orphanRounds)} R2 waiting for their R1)` : ''}`,
            inline: true,
          },
          {
            name: 'Players',
            value: `${formatCount(s.players)}${s.bots > 0 ? ` + ${formatCount(s.bots)} bots` : ''}`,
            inline: true,
          },
          { name: 'Sessions', value: formatCount(s.sessions), inline: true },
          { name: 'Last round', value: last },
          {
            name: 'Files received',
            value: `${formatCount(s.files)}${s.lastReceivedAt ? `, the last ${formatInstant(s.lastReceivedAt)}` : ''}`,
            inline: true,
          },
          {
            name: 'Quarantined',
            value:
              s.quarantined === 0 ? 'none' : `${formatCount(s.quarantined)} unreadable files kept`,
            inline: true,
          },
          { name: 'Database', value: `${formatCount(s.latencyMs)} ms round trip`, inline: true },
        ],
      },
    ],
  };
}
