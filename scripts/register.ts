// `npm run register -- [--guild GUILD_ID] [--dry-run]`: registers the slash commands with Discord
// (global by default; guild-scoped for development). Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN.
import { commands } from '../worker/commands/index.ts';
import { bindFirstGuild } from '../worker/jobs/communities.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { runRegister } from './lib/register-commands.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

const code = await runRegister(
  process.argv.slice(2),
  process.env,
  commands.map((command) => command.definition),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
);
process.exitCode = code;

// A self-hosted deployment's first guild is bound to the default community here, so its first
// command already sees the stats (later guilds are bound by an owner: npm run community -- bind).
const argv = process.argv.slice(2);
const guildAt = argv.indexOf('--guild');
const guildId = guildAt >= 0 ? argv[guildAt + 1] : undefined;
if (code === 0 && guildId && !argv.includes('--dry-run')) {
  const settings = readScriptSettingsOrExit();
  const handle = await openScriptDatabase(settings.databaseUrl);
  try {
    const bound = await bindFirstGuild(handle.db, guildId, 'npm run register', new Date());
    if (bound)
      console.log(`Bound guild ${guildId} to community "${bound.slug}" (the first guild).`);
  } finally {
    await handle.close();
  }
}
