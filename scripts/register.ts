// `npm run register -- [--guild GUILD_ID] [--dry-run]`: registers the slash commands with Discord
// (global by default; guild-scoped for development). Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN.
import { commands } from '../worker/commands/index.ts';
import { runRegister } from './lib/register-commands.ts';

const code = await runRegister(
  process.argv.slice(2),
  process.env,
  commands.map((command) => command.definition),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
);
process.exitCode = code;
