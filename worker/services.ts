import type { Config } from './config.ts';
import type { Community } from './queries/communities.ts';
import type { Database } from './db/database.ts';
import type { Renderer } from './render/renderer.ts';

/**
 * What every slash command reads from (`ctx.services`): the database and the validated settings.
 * Passed in per request, so the same handlers run in workerd, in Node and in tests.
 */
export interface CommandServices {
  readonly db: Database;
  readonly config: Config;
  /**
   * The community the interaction is in (its guild's, or in a DM the only one the caller linked in);
   * null when there is none: the access hooks then refuse everything but an owner's `/admin community`.
   */
  readonly community: Community | null;
  /** Draws charts to PNG (attach them to a deferred answer); absent → text only. */
  readonly renderer?: Renderer;
}

/** The community a handler works in: the access hooks let no handler run without one. */
export function communityOf(services: Pick<CommandServices, 'community'>): Community {
  if (!services.community)
    throw new Error('no community: the access hooks should have refused this');
  return services.community;
}
