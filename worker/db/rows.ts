import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from './database.ts';

/** Rows of a raw SQL query; every driver (PGlite, pg, Neon) answers `{ rows }`. Cast counts with `::int`. */
export async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A timestamptz as ISO-8601 UTC text: drivers disagree on how they return raw timestamps. */
export const isoTime = (column: SQL | string) =>
  sql`to_char(${typeof column === 'string' ? sql.raw(column) : column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
