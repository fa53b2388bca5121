import { sql } from 'drizzle-orm';
import { type AppDeps, type AppEnv, createBaseApp } from './app.ts';
import type { CommandServices } from './services.ts';
import { commands } from './commands/index.ts';
import { createDiscordRest } from './discord/rest.ts';
import { apiRoutes } from './routes/api.ts';
import { type AfterImportContext, type StoredOutcome, ingestRoutes } from './routes/ingest.ts';
import { statsLuaRoutes } from './routes/stats-lua.ts';
import { liveRoutes } from './routes/live.ts';
import { serverCommandRoutes } from './routes/server-commands.ts';
import { announceMapStarts } from './announce/map-started.ts';
import { afterImport } from './jobs/after-import.ts';
import { bindFirstGuild } from './jobs/communities.ts';
import { communityForInteraction } from './permissions/community.ts';
import { createAccessHooks } from './permissions/hooks.ts';
import { claimInteraction } from './permissions/receipts.ts';
import { interactionsRoute } from './routes/interactions.ts';
import { siteRoutes } from './site/index.ts';

/** Builds the full app, every route, from its dependencies: the same in workerd, Node and tests. */
export function createApp(deps: AppDeps) {
  const app = createBaseApp(deps);
  const accessHooks = createAccessHooks();
  const rest = createDiscordRest({
    botToken: deps.config.discord.botToken,
    baseUrl: deps.config.discord.apiBase,
    fetch: deps.fetch,
  });
  app.get('/health', async (c) => {
    const started = Date.now();
    await c.get('db').execute(sql`select 1`);
    return c.json({ ok: true, databaseMs: Date.now() - started });
  });
  app.route('/api', apiRoutes);
  app.route('/c/:slug/api', apiRoutes);
  const afterEachImport = {
    afterImport: (outcome: StoredOutcome, { db }: AfterImportContext) =>
      afterImport(db, rest, deps.config, outcome, deps.now()),
  };
  app.route('/', ingestRoutes(afterEachImport));
  app.route('/', statsLuaRoutes(afterEachImport));
  app.route(
    '/',
    liveRoutes({
      onMapStart: (db, communityId) => announceMapStarts(db, rest, deps.now(), communityId),
    }),
  );
  app.route('/', serverCommandRoutes());
  app.route(
    '/interactions',
    interactionsRoute<CommandServices, AppEnv>((c) => ({
      publicKey: deps.config.discord.publicKey,
      now: deps.now,
      servicesFor: async (interaction) => {
        const db = c.get('db');
        const community = await communityForInteraction(
          db,
          interaction,
          deps.config.ownerUserIds,
          deps.now(),
          bindFirstGuild,
        );
        return { db, config: deps.config, renderer: deps.renderer, community };
      },
      waitUntil: c.get('background'),
      rest,
      commands,
      claimInteraction: (id) => claimInteraction(c.get('db'), id, deps.now()),
      ...accessHooks,
    })),
  );
  // Last: with the base path `/`, every route above wins over a page of the same path.
  app.route('/', siteRoutes(deps.config.site.basePath));
  return app;
}
