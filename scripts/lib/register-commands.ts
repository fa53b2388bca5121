import { parseArgs } from 'node:util';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { definitionProblems } from '../../worker/discord/definitions.ts';
import { createDiscordRest } from '../../worker/discord/rest.ts';
import { readRegisterConfig } from './settings.ts';

export const REGISTER_USAGE = 'usage: npm run register -- [--guild GUILD_ID] [--dry-run]';

export interface RegisterIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly fetch?: typeof fetch;
}

/**
 * Registers `definitions` with Discord: globally by default, in one guild with `--guild` (instant, for
 * development); `--dry-run` prints the JSON and needs no settings. Returns the process exit code.
 */
export async function runRegister(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  io: RegisterIo,
): Promise<number> {
  let values: { guild?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        guild: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${REGISTER_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(REGISTER_USAGE);
    return 0;
  }
  if (values.guild !== undefined && !/^\d{15,22}$/.test(values.guild)) {
    io.err(`--guild must be a numeric guild id, got "${values.guild}"`);
    return 2;
  }
  const problems = definitionProblems(definitions);
  if (problems.length > 0) {
    io.err(`The command definitions would be rejected by Discord:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  if (values['dry-run']) {
    io.out(JSON.stringify(definitions, null, 2));
    io.err(`${definitions.length} commands (dry run: nothing sent)`);
    return 0;
  }
  const read = readRegisterConfig(env);
  if (!read.ok) {
    io.err(read.reason);
    return 1;
  }
  const { applicationId, botToken, apiBase } = read.config;
  const rest = createDiscordRest({
    baseUrl: apiBase,
    botToken,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  const scope = values.guild ? `guild ${values.guild}` : 'globally';
  const result = values.guild
    ? await rest.bulkOverwriteGuildCommands(applicationId, values.guild, definitions)
    : await rest.bulkOverwriteGlobalCommands(applicationId, definitions);
  if (!result.ok) {
    io.err(`Registering ${definitions.length} commands ${scope} failed: ${result.reason}`);
    return 1;
  }
  io.out(`Registered ${result.data.length} commands ${scope}:`);
  for (const command of result.data) io.out(`  /${command.name}  (id ${command.id})`);
  return 0;
}
