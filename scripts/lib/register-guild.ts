import { parseArgs } from 'node:util';
import type { Database } from '../../worker/db/database.ts';
import { bindFirstGuild } from '../../worker/jobs/communities.ts';

/**
 * After `npm run register -- --guild ID` registered the commands in a guild (not a dry run): binds that
 * guild to the default community when no guild is bound anywhere yet, so a self-hosted deployment's
 * first guild sees its stats at once. Later guilds are an owner's explicit `npm run community -- bind`.
 * Returns what to print, or null when nothing was bound.
 */
export async function bindRegisteredGuild(
  argv: readonly string[],
  db: Database,
  now: Date,
): Promise<string | null> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      guild: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: false,
  });
  const guildId = typeof values.guild === 'string' ? values.guild : undefined;
  if (!guildId || values['dry-run'] === true) return null;
  const bound = await bindFirstGuild(db, guildId, 'npm run register', now);
  return bound ? `Bound guild ${guildId} to community "${bound.slug}" (the first guild).` : null;
}
