// `npm run community -- <command>`: the communities of this deployment and the Discord guilds bound to them.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../worker/db/database.ts';
import { bindGuild, createCommunity, unbindGuild } from '../worker/jobs/communities.ts';
import { listCommunities } from '../worker/queries/communities.ts';
import { openScriptDatabase } from './lib/open-database.ts';
import { readScriptSettingsOrExit } from './lib/settings.ts';

export const USAGE = `npm run community -- <command>

  list
      Every community with its Discord guilds and game servers.
  create <slug> <name>
      A new community (slug: lower-case letters, digits and dashes; its API is /c/<slug>/api).
  bind <guild id> [<slug>]
      Binds a Discord guild to a community (default: default): its members' roles give levels there
      and its commands see that community's data. A guild bound elsewhere moves.
  unbind <guild id>
      The guild sees no community's data until bound again.

Uses DATABASE_URL when set, else the local database.`;

/** Runs one command against `db`; returns the exit code. */
export async function runCommunityCommand(
  argv: readonly string[],
  db: Database,
  out: (text: string) => void,
  now: () => Date,
): Promise<number> {
  const [command, ...args] = argv;
  const result = (r: { ok: true } | { ok: false; reason: string }, success: () => string) => {
    out(r.ok ? `${success()}\n` : `error: ${r.reason}\n`);
    return r.ok ? 0 : 1;
  };
  switch (command) {
    case 'list': {
      for (const c of await listCommunities(db))
        out(
          `${c.slug} (id ${c.id}) "${c.name}": guilds ${c.guilds.join(', ') || 'none'}; servers ${c.servers.join(', ') || 'none'}\n`,
        );
      return 0;
    }
    case 'create': {
      const [slug, ...name] = args;
      if (!slug || name.length === 0) break;
      const created = await createCommunity(db, { slug, name: name.join(' ') });
      return result(created, () => (created.ok ? `created ${created.value.slug}` : ''));
    }
    case 'bind': {
      const [guildId, slug = 'default', extra] = args;
      if (!guildId || extra !== undefined) break;
      const bound = await bindGuild(db, { guildId, slug, by: 'npm run community', at: now() });
      return result(bound, () =>
        bound.ok
          ? `guild ${guildId} bound to ${bound.value.community.slug}${bound.value.movedFrom ? ` (was ${bound.value.movedFrom})` : ''}`
          : '',
      );
    }
    case 'unbind': {
      const [guildId, extra] = args;
      if (!guildId || extra !== undefined) break;
      const gone = await unbindGuild(db, guildId);
      return result(gone, () =>
        gone.ok ? `guild ${guildId} unbound from ${gone.value.slug}` : '',
      );
    }
  }
  out(`${command ? `cannot run "${argv.join(' ')}"\n\n` : ''}${USAGE}\n`);
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const settings = readScriptSettingsOrExit();
  const handle = await openScriptDatabase(settings.databaseUrl);
  try {
    process.exitCode = await runCommunityCommand(
      process.argv.slice(2),
      handle.db,
      (t) => process.stdout.write(t),
      () => new Date(),
    );
  } finally {
    await handle.close();
  }
}
