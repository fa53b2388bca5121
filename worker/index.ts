import type { ExecutionContext } from 'hono';
import { type Config, ConfigError, readConfig } from './config.ts';
import { createApp } from './create-app.ts';
import { openNeon } from './db/neon.ts';
import { createDiscordRest } from './discord/rest.ts';
import type { Env } from './env.ts';
import { createWorkerdRenderer } from './render/render-workerd.ts';
import { runScheduled } from './jobs/scheduled.ts';

// Once per isolate: the wasm modules and fonts are loaded on the first chart.
const renderer = createWorkerdRenderer();

let cached: { env: Env; app: ReturnType<typeof createApp>; config: Config } | undefined;

function appFor(env: Env) {
  if (cached?.env !== env) {
    const config = readConfig(env);
    const app = createApp({
      config,
      openDatabase: () => openNeon(config.databaseUrl, { wsProxy: config.databaseWsProxy }),
      now: () => new Date(),
      fetch: (input, init) => fetch(input, init),
      renderer,
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
  async scheduled(
    controller: { cron: string; scheduledTime: number },
    env: Env,
    ctx: ExecutionContext,
  ): Promise<void> {
    const { config } = appFor(env);
    const handle = openNeon(config.databaseUrl, { wsProxy: config.databaseWsProxy });
    try {
      const report = await runScheduled(
        controller.cron,
        handle.db,
        config,
        new Date(controller.scheduledTime),
        createDiscordRest({ botToken: config.discord.botToken, baseUrl: config.discord.apiBase }),
      );
      if (report.recompute)
        console.log(
          JSON.stringify({
            event: 'recompute',
            cron: controller.cron,
            ...report.recompute,
            newAchievements: report.recompute.newAchievements.length,
          }),
        );
      if (report.voice)
        console.log(JSON.stringify({ event: 'voice', cron: controller.cron, ...report.voice }));
    } finally {
      ctx.waitUntil(handle.close());
    }
  },

  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      return await appFor(env).app.fetch(request, env, ctx);
    } catch (error) {
      return configErrorResponse(error);
    }
  },
};
