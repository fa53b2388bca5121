import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

/** A community as every command, route and job sees it: who is asking decides which one. */
export interface Community {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
}

/** The community everything stored before communities existed belongs to (migration 0007). */
export const DEFAULT_COMMUNITY_ID = 1;

/** A slug: 2 to 32 lower-case letters, digits and dashes, starting with a letter or digit. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,31}$/;

export { ofCommunity, playedIn } from '../db/scopes.ts';

async function one(db: Queryable, where: SQL): Promise<Community | null> {
  const [row] = await rowsOf<Community>(
    db,
    sql`select c.id, c.slug, c.name from communities c where ${where} limit 1`,
  );
  return row ? { id: Number(row.id), slug: row.slug, name: row.name } : null;
}

export const communityBySlug = (db: Queryable, slug: string) =>
  one(db, sql`c.slug = ${slug.trim().toLowerCase()}`);

export const communityById = (db: Queryable, id: number) => one(db, sql`c.id = ${id}`);

/** The community a guild is bound to; null when it is bound to none. */
export const communityOfGuild = (db: Queryable, guildId: string) =>
  one(
    db,
    sql`c.id = (select cg.community_id from community_guilds cg where cg.guild_id = ${guildId})`,
  );

/** The communities where this Discord user has linked a player: a DM is answered in the only one. */
export async function communitiesLinking(db: Queryable, userId: string): Promise<Community[]> {
  const rows = await rowsOf<Community>(
    db,
    sql`select c.id, c.slug, c.name from communities c
      where exists (select 1 from discord_links l where l.community_id = c.id and l.user_id = ${userId})
      order by c.id`,
  );
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name }));
}

export interface CommunityListing extends Community {
  readonly guilds: string[];
  readonly servers: string[];
}

/** Every community with its bound guilds and game servers (for owners: `npm run community -- list`). */
export async function listCommunities(db: Queryable): Promise<CommunityListing[]> {
  const rows = await rowsOf<Community & { guilds: string[] | null; servers: string[] | null }>(
    db,
    sql`select c.id, c.slug, c.name,
      (select array_agg(cg.guild_id order by cg.guild_id) from community_guilds cg where cg.community_id = c.id) as guilds,
      (select array_agg(g.name order by g.id) from game_servers g where g.community_id = c.id) as servers
      from communities c order by c.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    slug: r.slug,
    name: r.name,
    guilds: r.guilds ?? [],
    servers: r.servers ?? [],
  }));
}

/** How many guilds are bound anywhere (none yet: a self-hosted owner's first `/admin` binds one). */
export async function boundGuildCount(db: Queryable): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_guilds`,
  );
  return Number(row?.n ?? 0);
}
