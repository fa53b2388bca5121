// `npm run register -- [--guild GUILD_ID] [--dry-run]`: registers the slash commands with Discord
// (global by default; guild-scoped for development). Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN.
import { commands } from '../worker/commands/index.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { runRegister } from './lib/register-commands.ts';
import { bindRegisteredGuild } from './lib/register-guild.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

const code = await runRegister(
  process.argv.slice(2),
  process.env,
  commands.map((command) => command.definition),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
);
process.exitCode = code;

// A self-hosted deployment's first guild is bound to the default community (scripts/lib/register-guild.ts).
if (code === 0 && process.argv.includes('--guild') && !process.argv.includes('--dry-run')) {
  const settings = readScriptSettingsOrExit();
  const handle = await openScriptDatabase(settings.databaseUrl);
  try {
    const said = await bindRegisteredGuild(process.argv.slice(2), handle.db, new Date());
    if (said) console.log(said);
  } finally {
    await handle.close();
  }
}
