import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { Community } from './communities.ts';

/** A community as the website needs it: whether its pages are on, and its data version (cache key). */
export interface SiteCommunity extends Community {
  readonly siteEnabled: boolean;
  readonly dataVersion: number;
}

/**
 * The community a page shows: the one with this slug, or with no slug the only one of a single-community
 * deployment. `several` when there is no slug and more than one community: the visitor has to pick.
 */
export async function siteCommunity(
  db: Queryable,
  slug: string | undefined,
): Promise<SiteCommunity | 'several' | null> {
  const rows = await rowsOf<{
    id: number;
    slug: string;
    name: string;
    site_enabled: boolean;
    data_version: string | number;
  }>(
    db,
    sql`select id, slug, name, site_enabled, data_version from communities
    where ${slug === undefined ? sql`true` : sql`slug = ${slug}`} order by id limit 2`,
  );
  if (rows.length > 1) return 'several';
  const [row] = rows;
  if (!row) return null;
  return {
    id: Number(row.id),
    slug: row.slug,
    name: row.name,
    siteEnabled: row.site_enabled,
    dataVersion: Number(row.data_version),
  };
}

/** Every community whose site is on, for the chooser of a multi-community deployment. */
export async function siteCommunities(db: Queryable): Promise<Community[]> {
  const rows = await rowsOf<Community>(
    db,
    sql`select id, slug, name from communities where site_enabled order by name, id`,
  );
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name }));
}
