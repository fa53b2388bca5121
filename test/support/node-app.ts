import { QUARTERS } from '../../stats/seasons.ts';
import type { AppDeps } from '../../worker/app.ts';
import type { Config } from '../../worker/config.ts';
import type { Database } from '../../worker/db/database.ts';
import { createApp } from '../../worker/create-app.ts';
import { createNodeRenderer } from '../../worker/render/render-node.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: 'postgres://unused',
    databaseWsProxy: undefined,
    discord: {
      publicKey: '00'.repeat(32),
      applicationId: '1',
      botToken: undefined,
      apiBase: 'http://127.0.0.1:9/api/v10',
    },
    ownerUserIds: [],
    sessionGapMinutes: 60,
    seasons: QUARTERS,
    serverTimeZone: 'UTC',
    site: { basePath: '/', publicBaseUrl: undefined },
    ...overrides,
  };
}

/**
 * The Worker's app running in Node over a given database (PGlite in unit tests). Background work is
 * collected so a test can wait for it with `settled()`.
 */
export function nodeApp(db: Database, deps: Partial<AppDeps> = {}) {
  const pending: Promise<unknown>[] = [];
  const app = createApp({
    config: testConfig(),
    openDatabase: () => ({ db, close: async () => {} }),
    now: () => new Date(),
    fetch: (input, init) => fetch(input, init),
    waitUntil: (task) => pending.push(task),
    renderer: createNodeRenderer(),
    ...deps,
  });
  return { app, settled: () => Promise.all(pending) };
}
