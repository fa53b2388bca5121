import {
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import { stringOption } from '../../discord/interaction.ts';
import { escapeMarkdown } from '../../discord/markdown.ts';
import { addServerToken, revokeServerTokens } from '../../ingest/tokens.ts';
import { communityOf } from '../../services.ts';
import { type AdminAction, adminReply } from './action.ts';

/**
 * `/admin servers token server:<name> [revoke:<prefix>|all]`: a bearer token for a server running
 * stats.lua (worker/ingest/tokens.ts, as `npm run server -- add-token`), shown once in a reply only the
 * admin sees; or revoking one token, or all of the server's.
 */
export const tokenOption: APIApplicationCommandSubcommandOption = {
  type: ApplicationCommandOptionType.Subcommand,
  name: 'token',
  description: 'A stats.lua bearer token (shown once), or revoke one',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'server',
      description: 'The server (registered if new)',
      required: true,
      max_length: 64,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'revoke',
      description: 'Revoke: a token prefix (etsl_…) or "all"',
      max_length: 40,
    },
  ],
};

export async function tokenAction(ctx: Parameters<AdminAction['run']>[0]) {
  const { db } = ctx.services;
  const communityId = communityOf(ctx.services).id;
  const name = stringOption(ctx.options, 'server') ?? '';
  const revoke = stringOption(ctx.options, 'revoke');
  if (revoke !== undefined) {
    const revoked = await revokeServerTokens(db, {
      communityId,
      name,
      ...(revoke.trim().toLowerCase() === 'all' ? {} : { prefix: revoke }),
      now: ctx.now(),
    });
    if (!revoked.ok) return adminReply(`Nothing revoked: ${revoked.reason}.`);
    return adminReply(
      `Revoked ${revoked.value.revoked.map((p) => `\`${p}…\``).join(', ')} of **${escapeMarkdown(revoked.value.server)}**: requests with them are refused (401) from now on.`,
    );
  }
  const made = await addServerToken(db, { communityId, name });
  if (!made.ok) return adminReply(`No token made: ${made.reason}.`);
  const { server, token, created } = made.value;
  return adminReply(
    `${created ? `Registered **${escapeMarkdown(server.name)}** (clock in UTC; \`/admin servers time-zone\` to change). ` : ''}` +
      `Token for **${escapeMarkdown(server.name)}**, shown this once (only its hash is kept):\n` +
      `\`\`\`\nSTATS_API_TOKEN=${token}\nSTATS_API_URL_SUBMIT=https://<this worker>/ingest/stats-lua\nSTATS_API_URL_MATCHID=https://<this worker>/ingest/stats-lua/matchid\n\`\`\``,
  );
}
