import { Hono } from 'hono';
import type { Config } from './config.ts';
import type { Database, DatabaseHandle } from './db/database.ts';
import type { Community } from './queries/communities.ts';
import type { Renderer } from './render/renderer.ts';

/** Everything a request needs from the outside world, passed in so the same app runs in workerd, Node and tests. */
export interface AppDeps {
  readonly config: Config;
  /** Opens the database for one request; closed once the response and its background work are done. */
  openDatabase(): DatabaseHandle;
  now(): Date;
  fetch: typeof fetch;
  /** Draws charts: resvg-wasm in the Worker, resvg-js in Node. */
  readonly renderer?: Renderer;
  /** Where background work goes when there is no Workers ExecutionContext (Node, tests). */
  waitUntil?: (task: Promise<unknown>) => void;
}

export interface AppVariables {
  db: Database;
  deps: AppDeps;
  /** Runs `task` after the response is sent (Workers `waitUntil`); the database stays open for it. */
  background: (task: Promise<unknown>) => void;
  /** Set by the JSON API's community scope: whose data the request reads. */
  community: Community;
}

export type AppEnv = { Variables: AppVariables };

function executionContextOf(c: { executionCtx: { waitUntil(p: Promise<unknown>): void } }) {
  try {
    return c.executionCtx;
  } catch {
    return undefined; // app.request() in Node has none
  }
}

/** The Worker's HTTP app without its routes: database per request, background work, error shape. */
export function createBaseApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const handle = deps.openDatabase();
    const tasks: Promise<unknown>[] = [];
    c.set('db', handle.db);
    c.set('deps', deps);
    c.set('background', (task) =>
      tasks.push(task.catch((error) => console.error('background task failed', error))),
    );
    try {
      await next();
    } finally {
      const settle = async () => {
        for (let seen = 0; seen < tasks.length; seen = tasks.length)
          await Promise.allSettled(tasks.slice(seen));
        await handle.close();
      };
      const ctx = executionContextOf(c);
      if (ctx) ctx.waitUntil(settle());
      else if (deps.waitUntil) deps.waitUntil(settle());
      else void settle();
    }
  });
  app.onError((error, c) => {
    const id = crypto.randomUUID().slice(0, 8);
    console.error(`request failed [${id}]`, error);
    return c.json({ error: 'internal error', id }, 500);
  });
  return app;
}
