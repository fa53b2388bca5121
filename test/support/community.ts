import type { Queryable } from '../../worker/db/database.ts';
import { bindGuild, createCommunity } from '../../worker/jobs/communities.ts';
import { type Community, DEFAULT_COMMUNITY_ID } from '../../worker/queries/communities.ts';

/** Community 1, which migration 0007 creates and every test database has. */
export const DEFAULT_COMMUNITY: Community = {
  id: DEFAULT_COMMUNITY_ID,
  slug: 'default',
  name: 'Our community',
};

/** Binds a guild to the default community (a guild's admin acts and announcements need one). */
export async function bindToDefault(db: Queryable, guildId: string): Promise<void> {
  const bound = await bindGuild(db, {
    guildId,
    slug: DEFAULT_COMMUNITY.slug,
    by: 'test',
    at: new Date(0),
  });
  if (!bound.ok) throw new Error(bound.reason);
}

/** Creates another community (its id) for tests that put two side by side. */
export async function addCommunity(db: Queryable, slug: string, name: string): Promise<number> {
  const created = await createCommunity(db, { slug, name });
  if (!created.ok) throw new Error(created.reason);
  return created.value.id;
}
