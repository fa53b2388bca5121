import { sql } from 'drizzle-orm';
import { type AppDeps, type AppEnv, createBaseApp } from './app.ts';
import { type CommandServices, commands } from './commands/registry.ts';
import { createDiscordRest } from './discord/rest.ts';
import { apiRoutes } from './routes/api.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { postToChannels, roundAnnouncements } from './announce/announce-round.ts';
import { interactionsRoute } from './routes/interactions.ts';

/** Builds the full app, every route, from its dependencies: the same in workerd, Node and tests. */
export function createApp(deps: AppDeps) {
  const app = createBaseApp(deps);
  const rest = createDiscordRest({ botToken: deps.config.discord.botToken, baseUrl: deps.config.discord.apiBase, fetch: deps.fetch });
  app.get('/health', async (c) => {
    const started = Date.now();
    await c.get('db').execute(sql`select 1`);
    return c.json({ ok: true, databaseMs: Date.now() - started });
  });
  app.route('/api', apiRoutes);
  app.route(
    '/',
    ingestRoutes({
      afterImport: async (outcome, { db, deps: { now } }) => {
        if (outcome.status !== 'imported') return;
        await postToChannels(db, rest, await roundAnnouncements(db, outcome, now()));
      },
    }),
  );
  app.route(
    '/interactions',
    interactionsRoute<CommandServices, AppEnv>((c) => ({
      publicKey: deps.config.discord.publicKey,
      now: deps.now,
      services: { db: c.get('db'), config: deps.config, renderer: deps.renderer },
      waitUntil: c.get('background'),
      rest,
      commands,
    })),
  );
  return app;
}
