import { sql } from 'drizzle-orm';
import { communities, communityGuilds } from '../../schema/index.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import {
  boundGuildCount,
  type Community,
  communityById,
  communityBySlug,
  DEFAULT_COMMUNITY_ID,
  SLUG_PATTERN,
} from '../queries/communities.ts';

export type CommunityResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

const fail = (reason: string) => ({ ok: false, reason }) as const;

/** Creates a community (owners only: `npm run community -- create`, `/admin community create`). */
export async function createCommunity(
  db: Queryable,
  input: { readonly slug: string; readonly name: string },
): Promise<CommunityResult<Community>> {
  const slug = input.slug.trim().toLowerCase();
  const name = input.name.trim();
  if (!SLUG_PATTERN.test(slug))
    return fail(
      `"${slug.slice(0, 40)}" is not a slug: 2 to 32 lower-case letters, digits and dashes`,
    );
  if (name.length === 0 || name.length > 64) return fail('the name must be 1 to 64 characters');
  const [row] = await db
    .insert(communities)
    .values({ slug, name })
    .onConflictDoNothing()
    .returning({ id: communities.id, slug: communities.slug, name: communities.name });
  if (!row) return fail(`a community "${slug}" already exists`);
  return { ok: true, value: row };
}

/**
 * Binds a guild to a community: its members' roles give levels there, its interactions see that
 * community's data. A guild is bound to one community; binding it elsewhere moves it (owners only).
 */
export async function bindGuild(
  db: Queryable,
  input: {
    readonly guildId: string;
    readonly slug: string;
    readonly by: string;
    readonly at: Date;
  },
): Promise<CommunityResult<{ community: Community; movedFrom: string | null }>> {
  if (!/^\d{5,25}$/.test(input.guildId))
    return fail(`"${input.guildId.slice(0, 30)}" is not a guild id (a Discord snowflake)`);
  const community = await communityBySlug(db, input.slug);
  if (!community) return fail(`no community "${input.slug.slice(0, 40)}"`);
  const [before] = await rowsOf<{ slug: string }>(
    db,
    sql`select c.slug from community_guilds cg join communities c on c.id = cg.community_id
      where cg.guild_id = ${input.guildId}`,
  );
  await db
    .insert(communityGuilds)
    .values({
      guildId: input.guildId,
      communityId: community.id,
      boundBy: input.by,
      boundAt: input.at,
    })
    .onConflictDoUpdate({
      target: communityGuilds.guildId,
      set: { communityId: community.id, boundBy: input.by, boundAt: input.at },
    });
  const movedFrom = before && before.slug !== community.slug ? before.slug : null;
  return { ok: true, value: { community, movedFrom } };
}

/** Unbinds a guild: its interactions see no community's data until it is bound again. */
export async function unbindGuild(
  db: Queryable,
  guildId: string,
): Promise<CommunityResult<{ slug: string }>> {
  const [row] = await rowsOf<{ slug: string }>(
    db,
    sql`with gone as (delete from community_guilds where guild_id = ${guildId} returning community_id)
      select c.slug from communities c join gone on gone.community_id = c.id`,
  );
  if (!row) return fail(`guild ${guildId.slice(0, 30)} is not bound to any community`);
  return { ok: true, value: { slug: row.slug } };
}

/**
 * A self-hosted deployment's first guild: bound to the default community while no guild is bound
 * anywhere (`npm run register -- --guild`, or the owner's first `/admin`). Null when guilds are bound
 * already: then binding is an owner's explicit act.
 */
export async function bindFirstGuild(
  db: Queryable,
  guildId: string,
  by: string,
  at: Date,
): Promise<Community | null> {
  if ((await boundGuildCount(db)) > 0) return null;
  const fallback = await communityById(db, DEFAULT_COMMUNITY_ID);
  if (!fallback) return null;
  const result = await bindGuild(db, { guildId, slug: fallback.slug, by, at });
  return result.ok ? result.value.community : null;
}
