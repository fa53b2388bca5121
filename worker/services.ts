import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Renderer } from './render/renderer.ts';

/**
 * What every slash command reads from (`ctx.services`): the database and the validated settings.
 * Passed in per request, so the same handlers run in workerd, in Node and in tests.
 */
export interface CommandServices {
  readonly db: Database;
  readonly config: Config;
  /** Draws charts to PNG (attach them to a deferred answer); absent → text only. */
  readonly renderer?: Renderer;
}
