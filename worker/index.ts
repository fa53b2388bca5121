import { sql } from 'drizzle-orm';
import type { ExecutionContext } from 'hono';
import { type AppDeps, type AppEnv, createBaseApp } from './app.ts';
import { type CommandServices, commands } from './commands/registry.ts';
import { createDiscordRest } from './discord/rest.ts';
import { interactionsRoute } from './routes/interactions.ts';
import { type Config, ConfigError, readConfig } from './config.ts';
import { openNeon } from './db/neon.ts';
import type { Env } from './env.ts';
import { apiRoutes } from './routes/api.ts';

/** Builds the full app: every route, given its dependencies. */
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
    '/interactions',
    interactionsRoute<CommandServices, AppEnv>((c) => ({
      publicKey: deps.config.discord.publicKey,
      now: deps.now,
      services: { db: c.get('db'), config: deps.config },
      waitUntil: c.get('background'),
      rest,
      commands,
    })),
  );
  return app;
}

let cached: { env: Env; app: ReturnType<typeof createApp>; config: Config } | undefined;

function appFor(env: Env) {
  if (cached?.env !== env) {
    const config = readConfig(env);
    const app = createApp({
      config,
      openDatabase: () => openNeon(config.databaseUrl, { wsProxy: config.databaseWsProxy }),
      now: () => new Date(),
      fetch: (input, init) => fetch(input, init),
    });
    cached = { env, app, config };
  }
  return cached;
}

function configErrorResponse(error: unknown): Response {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  return Response.json({ error: `etstats is not configured: ${error.message}` }, { status: 500 });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      return await appFor(env).app.fetch(request, env, ctx);
    } catch (error) {
      return configErrorResponse(error);
    }
  },
};
